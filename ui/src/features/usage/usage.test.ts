// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { rangeStart, rowLabel, usageCsv, type UsageReport } from './usage'

describe('usage ranges', () => {
  const now = new Date(2026, 4, 17, 15, 42, 31, 250)

  it('starts today and this month at their first minute in local time', () => {
    expect(rangeStart('today', now)).toEqual(new Date(2026, 4, 17, 0, 0, 0, 0))
    expect(rangeStart('month', now)).toEqual(new Date(2026, 4, 1, 0, 0, 0, 0))
  })

  it('goes back whole days from the current minute for the rolling ranges', () => {
    expect(rangeStart('7d', now)).toEqual(new Date(2026, 4, 10, 15, 42, 0, 0))
    expect(rangeStart('30d', now)).toEqual(new Date(2026, 3, 17, 15, 42, 0, 0))
  })
})

describe('usage rows and CSV', () => {
  const report: UsageReport = {
    groupBy: 'key',
    rows: [
      { user: 'alice', apiKeyId: 'k1', apiKeyName: 'ci, "nightly"', requests: 3, promptTokens: 10, completionTokens: 5, totalTokens: 15, cost: 0.5 },
      { user: 'bob', requests: 1, promptTokens: 2, completionTokens: 1, totalTokens: 3, cost: 0 },
    ],
    totals: { requests: 4, promptTokens: 12, completionTokens: 6, totalTokens: 18, cost: 0.5 },
  }

  it('names a key by its name, and usage without a key as the browser session', () => {
    expect(rowLabel(report.rows![0], 'key', 'session')).toBe('ci, "nightly"')
    expect(rowLabel(report.rows![1], 'key', 'session')).toBe('session')
    expect(rowLabel({ endpoint: 'chat' }, 'endpoint', 'session')).toBe('chat')
  })

  it('writes one quoted-where-needed line per row and a total line', () => {
    const lines = usageCsv(report, 'session').split('\r\n')
    expect(lines).toEqual([
      'user,key,keyId,requests,promptTokens,completionTokens,totalTokens,cost',
      'alice,"ci, ""nightly""",k1,3,10,5,15,0.5',
      'bob,session,,1,2,1,3,0',
      'total,,,4,12,6,18,0.5',
      '',
    ])
  })

  it('has one name column when grouped by endpoint', () => {
    const csv = usageCsv({ groupBy: 'endpoint', rows: [{ endpoint: 'chat', requests: 2 }], totals: { requests: 2 } }, 's')
    expect(csv.split('\r\n').slice(0, 3)).toEqual([
      'endpoint,requests,promptTokens,completionTokens,totalTokens,cost',
      'chat,2,,,,',
      'total,2,,,,',
    ])
  })
})
