import { request, withQuery } from '../../api/client'
import type { components } from '../../api/schema'

/* GET /api/v1/usage?from&to&groupBy: requests, tokens and cost per key, user or endpoint. */
type Schemas = components['schemas']
export type UsageReport = Schemas['UsageReport']
export type UsageRow = Schemas['UsageRow']
export type Grouping = NonNullable<UsageReport['groupBy']>

export const GROUPINGS: Grouping[] = ['key', 'user', 'endpoint']

export function fetchUsage(groupBy: Grouping, from: Date, to: Date): Promise<UsageReport> {
  return request<UsageReport>(
    'GET',
    withQuery('/api/v1/usage', { groupBy, from: from.toISOString(), to: to.toISOString() }),
  )
}

export const RANGES = ['today', '7d', 'month', '30d'] as const
export type UsageRange = (typeof RANGES)[number]

/**
 * The start of a range in the browser's time zone: today and this month from their first minute,
 * the others that many days back from now. Usage is counted by the minute, so each start is on one.
 */
export function rangeStart(range: UsageRange, now: Date): Date {
  const start = new Date(now)
  start.setSeconds(0, 0)
  if (range === '7d' || range === '30d') {
    start.setDate(start.getDate() - (range === '7d' ? 7 : 30))
    return start
  }
  if (range === 'month') start.setDate(1)
  start.setHours(0, 0)
  return start
}

/** What a row is about, for the grouping it came from; a key used in a browser session has no id. */
export function rowLabel(row: UsageRow, groupBy: Grouping, session: string): string {
  if (groupBy === 'endpoint') return row.endpoint ?? '—'
  if (groupBy === 'user') return row.user ?? '—'
  return row.apiKeyId ? (row.apiKeyName ?? row.apiKeyId) : session
}

const COLUMNS = ['requests', 'promptTokens', 'completionTokens', 'totalTokens', 'cost'] as const

function csvField(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The report as CSV (RFC 4180): one line per row, the grouping's own columns first, then a total line. */
export function usageCsv(report: UsageReport, session: string): string {
  const groupBy = report.groupBy ?? 'key'
  const head = groupBy === 'key' ? ['user', 'key', 'keyId'] : [groupBy]
  const lines = [[...head, ...COLUMNS].join(',')]
  const own = (row: UsageRow) =>
    groupBy === 'key' ? [row.user, rowLabel(row, groupBy, session), row.apiKeyId] : [rowLabel(row, groupBy, session)]
  for (const row of report.rows ?? []) {
    lines.push([...own(row), ...COLUMNS.map((c) => row[c])].map(csvField).join(','))
  }
  const totals = report.totals ?? {}
  lines.push(['total', ...head.slice(1).map(() => ''), ...COLUMNS.map((c) => totals[c])].map(csvField).join(','))
  return lines.join('\r\n') + '\r\n'
}
