import { describe, expect, it } from 'vitest'
import { LIFECYCLE_ACTIONS, availability, bulkTargets, deploying, stateTone } from './actions'
import type { Endpoint } from '../../api/hangar'

// What the server answers as `actions` per state (EndpointState's table, docs/endpoints.md).
const SERVER_TABLE: Record<NonNullable<Endpoint['state']>, NonNullable<Endpoint['actions']>> = {
  Building: ['stop', 'scale', 'delete'],
  Deploying: ['stop', 'scale', 'delete'],
  Startup: ['stop', 'scale', 'delete'],
  Running: ['stop', 'restart', 'scale', 'delete'],
  Stopped: ['start', 'scale', 'configure', 'delete'],
  Sleeping: ['start', 'stop', 'scale', 'delete'],
  BuildingFailed: ['restart', 'stop', 'delete'],
  DeployFailed: ['restart', 'stop', 'delete'],
  RuntimeError: ['restart', 'stop', 'delete'],
  NoAppFile: ['stop', 'delete'],
}

const endpoint = (state: keyof typeof SERVER_TABLE): Endpoint => ({ name: state, state, actions: SERVER_TABLE[state] })
const enabled = (e: Endpoint) => LIFECYCLE_ACTIONS.filter((a) => availability(e, a).allowed)

describe('state to allowed actions', () => {
  it('offers exactly the lifecycle actions the server allows in each state', () => {
    expect(enabled(endpoint('Running'))).toEqual(['stop', 'restart', 'delete'])
    expect(enabled(endpoint('Stopped'))).toEqual(['start', 'delete'])
    expect(enabled(endpoint('Building'))).toEqual(['stop', 'delete'])
    expect(enabled(endpoint('Sleeping'))).toEqual(['start', 'stop', 'delete'])
    expect(enabled(endpoint('DeployFailed'))).toEqual(['stop', 'restart', 'delete'])
    expect(enabled(endpoint('NoAppFile'))).toEqual(['stop', 'delete'])
  })

  it('says an action is not allowed in this state, not that it is busy', () => {
    expect(availability(endpoint('Running'), 'start')).toEqual({ allowed: false, why: 'notAllowed' })
    expect(availability(endpoint('Running'), 'configure')).toEqual({ allowed: false, why: 'notAllowed' })
    expect(availability(endpoint('Stopped'), 'configure')).toEqual({ allowed: true })
  })

  it('disables every action while another one is under way', () => {
    for (const action of LIFECYCLE_ACTIONS) {
      expect(availability(endpoint('Stopped'), action, true)).toEqual({ allowed: false, why: 'busy' })
    }
  })

  it('allows nothing when the server sent no actions', () => {
    expect(enabled({ name: 'x', state: 'Running' })).toEqual([])
  })

  it('applies a bulk action only to the selected endpoints that allow it', () => {
    const selected = [endpoint('Running'), endpoint('Stopped'), endpoint('RuntimeError')]
    expect(bulkTargets(selected, 'stop').map((e) => e.state)).toEqual(['Running', 'RuntimeError'])
    expect(bulkTargets(selected, 'start').map((e) => e.state)).toEqual(['Stopped'])
  })

  it('colours states by what they mean and knows which are deployments', () => {
    expect(stateTone('Running')).toBe('ok')
    expect(stateTone('Startup')).toBe('info')
    expect(stateTone('RuntimeError')).toBe('bad')
    expect(stateTone('Sleeping')).toBe('sleep')
    expect(Object.keys(SERVER_TABLE).filter((s) => deploying(s as Endpoint['state']))).toEqual([
      'Building',
      'Deploying',
      'Startup',
    ])
  })
})
