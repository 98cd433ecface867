import type { Endpoint, EndpointAction, EndpointState } from '../../api/hangar'
import type { Tone } from '../../components/StatusBadge.vue'

/**
 * What the UI offers for an endpoint. The server sends the actions its state allows (`actions`,
 * from EndpointState's table); a button for any other action is disabled and says why.
 */
export const LIFECYCLE_ACTIONS = ['start', 'stop', 'restart', 'delete'] as const
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number]

export type Availability = { allowed: true } | { allowed: false; why: 'busy' | 'notAllowed' }

export function availability(
  endpoint: Pick<Endpoint, 'actions'>,
  action: EndpointAction,
  busy = false,
): Availability {
  if (busy) return { allowed: false, why: 'busy' }
  return endpoint.actions?.includes(action) ? { allowed: true } : { allowed: false, why: 'notAllowed' }
}

/** The endpoints among `selected` that allow `action` now: a bulk action skips the others. */
export function bulkTargets<E extends Pick<Endpoint, 'actions'>>(selected: E[], action: EndpointAction): E[] {
  return selected.filter((e) => availability(e, action).allowed)
}

const TONES: Record<EndpointState, Tone> = {
  Building: 'info',
  Deploying: 'info',
  Startup: 'info',
  Running: 'ok',
  Stopped: 'idle',
  Sleeping: 'sleep',
  BuildingFailed: 'bad',
  DeployFailed: 'bad',
  RuntimeError: 'bad',
  NoAppFile: 'bad',
}

export function stateTone(state: EndpointState | undefined): Tone {
  return state ? TONES[state] : 'idle'
}

/** A deployment is walking its six steps: its page refreshes quickly. */
export function deploying(state: EndpointState | undefined): boolean {
  return state === 'Building' || state === 'Deploying' || state === 'Startup'
}
