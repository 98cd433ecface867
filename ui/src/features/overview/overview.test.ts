import { describe, expect, it } from 'vitest'
import type { Endpoint } from '../../api/hangar'
import type { EndpointMetrics } from '../metrics/metrics'
import { addTraffic, busiest, needingAttention, stateCounts } from './overview'

const endpoint = (name: string, state: Endpoint['state'], readyReplicas = 1, replicas = 1): Endpoint => ({
  id: name,
  name,
  state,
  readyReplicas,
  replicas,
})

describe('overview', () => {
  const list = [
    endpoint('ok', 'Running'),
    endpoint('half', 'Running', 1, 2),
    endpoint('broken', 'DeployFailed', 0, 1),
    endpoint('crashed', 'RuntimeError', 0, 1),
    endpoint('idle', 'Sleeping', 0, 0),
    endpoint('off', 'Stopped', 0, 0),
    endpoint('coming', 'Startup', 0, 1),
  ]

  it('puts failed endpoints first, then running ones short of replicas', () => {
    expect(needingAttention(list).map((e) => e.name)).toEqual(['broken', 'crashed', 'half'])
  })

  it('counts serving, starting, stopped and failed endpoints', () => {
    expect(stateCounts(list)).toEqual({ serving: 3, starting: 1, stopped: 1, failed: 2 })
  })

  it('orders the endpoints with requests by their requests', () => {
    expect(busiest([{ endpoint: 'a', requests: 2 }, { endpoint: 'b', requests: 0 }, { endpoint: 'c', requests: 9 }])).toEqual(['c', 'a'])
  })

  it('adds up the requests and errors of several endpoints per minute', () => {
    const t = ['2026-01-01T12:00:00Z', '2026-01-01T12:01:00Z', '2026-01-01T12:02:00Z']
    const a: EndpointMetrics = {
      points: [{ time: t[0], requests: 2, errors: 1 }, { time: t[1], requests: 0, errors: 0 }, { time: t[2], requests: 1, errors: 0 }],
      totals: { requests: 3, errors: 1 },
    }
    const b: EndpointMetrics = {
      points: [{ time: t[0], requests: 5, errors: 0 }, { time: t[1], requests: 0, errors: 0 }, { time: t[2], requests: 0, errors: 0 }],
      totals: { requests: 5, errors: 0 },
    }
    expect(addTraffic([a, b])).toEqual({
      times: t,
      requests: [7, null, 1],
      errors: [1, null, 0],
      totalRequests: 8,
      totalErrors: 1,
    })
  })
})
