import { ApiError, request, withQuery } from '../../api/client'

import type { components } from '../../api/schema'

/* GET /api/v1/endpoints/{idOrName}/metrics?from&to&step, typed from the spec. */
type Schemas = components['schemas']
export type LatencyStats = Schemas['LatencyStats']
export type MetricsPoint = Schemas['MetricsPoint']
export type MetricsValues = MetricsPoint
export type EndpointMetrics = Schemas['EndpointMetrics']

export const RANGES = {
  '1h': { span: 3_600_000, step: 'PT1M' },
  '24h': { span: 86_400_000, step: 'PT15M' },
  '7d': { span: 604_800_000, step: 'PT1H' },
} as const
export type Range = keyof typeof RANGES

/** The metrics of the last `spanMs`, or null when this server does not record them. */
export async function fetchMetrics(
  endpoint: string,
  spanMs: number,
  step: string,
  now = Date.now(),
): Promise<EndpointMetrics | null> {
  const path = withQuery(`/api/v1/endpoints/${encodeURIComponent(endpoint)}/metrics`, {
    from: new Date(now - spanMs).toISOString(),
    to: new Date(now).toISOString(),
    step,
  })
  try {
    return await request<EndpointMetrics>('GET', path)
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null
    throw e
  }
}

export interface RecentLoad {
  perMinute: number
  p95?: number | null
}

/** The endpoints table's two numbers, over the last five minutes. */
export async function recentLoad(endpoint: string): Promise<RecentLoad | null> {
  const metrics = await fetchMetrics(endpoint, 5 * 60_000, 'PT1M')
  if (!metrics) return null
  const totals = metrics.totals
  return { perMinute: totals?.requestsPerMinute ?? (totals?.requests ?? 0) / 5, p95: totals?.latencyMs?.p95 }
}
