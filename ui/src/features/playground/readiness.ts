import type { Endpoint, EndpointState } from '../../api/hangar'

/**
 * Whether the playground can send to an endpoint now. Running answers; Sleeping wakes on the
 * first request (which waits for it). Any other state cannot answer: the UI names the state and
 * links to the endpoint's page, where it is started.
 */
export type Readiness = { ready: true; wakes: boolean } | { ready: false; state: EndpointState | 'Unknown' }

export function readiness(endpoint: Endpoint | undefined): Readiness {
  if (!endpoint) return { ready: false, state: 'Unknown' }
  if (endpoint.state === 'Running') return { ready: true, wakes: false }
  if (endpoint.state === 'Sleeping') return { ready: true, wakes: true }
  return { ready: false, state: endpoint.state ?? 'Unknown' }
}

/** An endpoint on its way to another state (building, deploying, starting): worth reading again soon. */
export function changing(endpoint: Endpoint): boolean {
  return endpoint.state === 'Building' || endpoint.state === 'Deploying' || endpoint.state === 'Startup'
}

/** Endpoints for the pickers: those that can answer first, then the rest, each group by name. */
export function pickerOrder(list: Endpoint[]): Endpoint[] {
  const rank = (e: Endpoint) => (readiness(e).ready ? 0 : 1)
  return [...list].filter((e) => e.name).sort((a, b) => rank(a) - rank(b) || a.name!.localeCompare(b.name!))
}

/** Why Send is disabled, as an i18n key under playground.blocked and its values; null when it may send. */
export interface SendBlock {
  reason: 'noEndpoint' | 'notReady' | 'busy' | 'nothing'
  params: Record<string, string>
}

/**
 * Whether the columns can send: each needs an endpoint that can answer and none may be busy; and
 * there must be something to send (a typed message, or a conversation waiting for an answer).
 */
export function sendBlock(
  columns: { endpoint: string; busy: boolean; awaitsAnswer: boolean }[],
  endpoints: Endpoint[],
  typed: string,
): SendBlock | null {
  for (const column of columns) {
    if (!column.endpoint) return { reason: 'noEndpoint', params: {} }
    const state = readiness(endpoints.find((e) => e.name === column.endpoint))
    if (!state.ready) return { reason: 'notReady', params: { name: column.endpoint, state: state.state } }
  }
  if (columns.some((c) => c.busy)) return { reason: 'busy', params: {} }
  if (!typed.trim() && !columns.some((c) => c.awaitsAnswer)) return { reason: 'nothing', params: {} }
  return null
}

/** The i18n key naming a state; an endpoint that is not in the list (deleted since a session was saved) is "missing". */
export function stateKey(state: EndpointState | 'Unknown'): string {
  return state === 'Unknown' ? 'playground.missingEndpoint' : `endpoints.states.${state}`
}
