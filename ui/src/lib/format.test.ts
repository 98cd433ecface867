import { describe, expect, it } from 'vitest'
import { formatBytes, formatMillis, formatParameters, formatRelative } from './format'

describe('format', () => {
  it('writes sizes in binary units with sensible digits', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1536)).toBe('1.50 KiB')
    expect(formatBytes(170 * 1024 * 1024)).toBe('170 MiB')
    expect(formatBytes(20_220_850_995)).toBe('18.8 GiB')
    expect(formatBytes(undefined)).toBe('—')
  })

  it('writes parameter counts like model cards', () => {
    expect(formatParameters(7_241_732_096)).toBe('7.24B')
    expect(formatParameters(350_000_000)).toBe('350M')
    expect(formatParameters(1_100_000)).toBe('1.10M')
    expect(formatParameters(999)).toBe('999')
  })

  it('writes durations in ms below a second', () => {
    expect(formatMillis(12.4)).toBe('12 ms')
    expect(formatMillis(1234)).toBe('1.23 s')
  })

  it('writes relative times in the chosen language', () => {
    const now = Date.parse('2026-01-01T12:00:00Z')
    expect(formatRelative('2026-01-01T11:57:00Z', 'en', now)).toBe('3 minutes ago')
    expect(formatRelative('2026-01-03T12:00:00Z', 'en', now)).toBe('in 2 days')
    expect(formatRelative('2026-01-01T11:57:00Z', 'zh-CN', now)).toBe('3分钟前')
  })
})
