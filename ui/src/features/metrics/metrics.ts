import { ApiError, request, withQuery } from '../../api/client'

/*
 * The endpoint metrics API (GET /api/v1/endpoints/{idOrName}/metrics?from&to&step) is not in
 * ui/openapi.json yet: these types follow its agreed shape and move to the generated ones when it
 * lands in the spec. A server without it (404) shows an empty state, not an error.
 */
export interface LatencyStats {
  avg?: number | null
  p50?: number | null
  p95?: number | null
  p99?: number | null
}

export interface MetricsValues {
  requests: number
  errors: number
  successRate?: number | null
  requestsPerMinute?: number
  latencyMs: LatencyStats
  ttftMs: LatencyStats
  promptTokens: number
  completionTokens: number
  tokensPerSecond: number
  inFlight: number
  replicas: number
  cost: number
}

export interface MetricsPoint extends MetricsValues {
  time: string
}

export interface EndpointMetrics {
  endpoint: string
  from: string
  to: string
  step: string
  points: MetricsPoint[]
  totals: MetricsValues
}

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
