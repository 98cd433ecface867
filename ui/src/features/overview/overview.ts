import type { Endpoint, EndpointState } from '../../api/hangar'
import type { EndpointMetrics } from '../metrics/metrics'
import type { UsageRow } from '../usage/usage'

/** States that need someone to look: the deployment or the runtime failed. */
const FAILED: EndpointState[] = ['BuildingFailed', 'DeployFailed', 'RuntimeError', 'NoAppFile']
const SERVING: EndpointState[] = ['Running', 'Sleeping']

/**
 * Endpoints that need attention, the failed first: a failed state, or running with fewer ready
 * replicas than wanted.
 */
export function needingAttention(endpoints: Endpoint[]): Endpoint[] {
  const failed = endpoints.filter((e) => e.state && FAILED.includes(e.state))
  const degraded = endpoints.filter((e) => e.state === 'Running' && (e.readyReplicas ?? 0) < (e.replicas ?? 0))
  return [...failed, ...degraded]
}

/** How many endpoints are in each group the overview counts. */
export function stateCounts(endpoints: Endpoint[]): { serving: number; starting: number; stopped: number; failed: number } {
  const count = (pick: (s: EndpointState) => boolean) => endpoints.filter((e) => e.state && pick(e.state)).length
  return {
    serving: count((s) => SERVING.includes(s)),
    starting: count((s) => s === 'Building' || s === 'Deploying' || s === 'Startup'),
    stopped: count((s) => s === 'Stopped'),
    failed: count((s) => FAILED.includes(s)),
  }
}

/** The endpoints with requests in a usage report grouped by endpoint, busiest first. */
export function busiest(rows: UsageRow[]): string[] {
  return rows
    .filter((r) => r.endpoint && (r.requests ?? 0) > 0)
    .sort((a, b) => (b.requests ?? 0) - (a.requests ?? 0))
    .map((r) => r.endpoint!)
}

export interface Traffic {
  times: string[]
  requests: (number | null)[]
  errors: (number | null)[]
  totalRequests: number
  totalErrors: number
}

/**
 * Requests and errors of several endpoints added up per step. The endpoints' metrics cover the same
 * range and step, so their points line up by time; a step no endpoint had requests in stays empty.
 */
export function addTraffic(metrics: EndpointMetrics[]): Traffic {
  const byTime = new Map<string, { requests: number; errors: number }>()
  let totalRequests = 0
  let totalErrors = 0
  for (const m of metrics) {
    for (const p of m.points ?? []) {
      if (!p.time) continue
      const sum = byTime.get(p.time) ?? { requests: 0, errors: 0 }
      sum.requests += p.requests ?? 0
      sum.errors += p.errors ?? 0
      byTime.set(p.time, sum)
    }
    totalRequests += m.totals?.requests ?? 0
    totalErrors += m.totals?.errors ?? 0
  }
  const times = [...byTime.keys()].sort()
  return {
    times,
    requests: times.map((t) => byTime.get(t)!.requests || null),
    errors: times.map((t) => (byTime.get(t)!.requests ? byTime.get(t)!.errors : null)),
    totalRequests,
    totalErrors,
  }
}
