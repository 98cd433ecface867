import { describe, expect, it } from 'vitest'
import { MARKER_SIZE, isolated, seriesOptions, valueCount } from './chartSeries'

const minutes = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 0, 1, 12, i)).toISOString())

describe('time chart series', () => {
  // One busy minute in three, as a latency chart over an hour of occasional requests has them.
  const sparse = [null, 120, null, null, 95, null, 300, null]
  // Every minute busy.
  const dense = [10, 12, 11, 15, 14, 13, 12, 16]

  it('marks every value of sparse data, since no line can join them', () => {
    const [option] = seriesOptions(minutes(sparse.length), [{ name: 'p95', data: sparse }])
    const marked = option.data.filter((d) => d.symbolSize > 0).map((d) => d.value[1])
    expect(marked).toEqual([120, 95, 300])
    expect(option.showSymbol).toBe(true)
    expect(option.symbol).toBe('circle')
    expect(option.clip).toBe(false)
    expect(option.showAllSymbol).toBe(true)
  })

  it('draws dense data as a plain line without markers', () => {
    const [option] = seriesOptions(minutes(dense.length), [{ name: 'p95', data: dense }])
    expect(option.data.every((d) => d.symbolSize === 0)).toBe(true)
    expect(option.data.map((d) => d.value[1])).toEqual(dense)
  })

  it('marks a lone value at either end and next to a gap, not values with a neighbour', () => {
    const data = [5, null, 7, 8, null, 9]
    expect(data.map((_, i) => isolated(data, i))).toEqual([true, false, false, false, false, true])
  })

  it('draws counts as steps and smooths nothing', () => {
    const options = seriesOptions(minutes(4), [
      { name: 'replicas', data: [1, 2, 2, 1], kind: 'count' },
      { name: 'p50', data: [1, 3, 2, 4] },
      { name: 'requests', data: [0, 5, 0, 2], kind: 'bar' },
    ])
    expect(options.map((o) => [o.type, o.step, o.smooth])).toEqual([
      ['line', 'end', false],
      ['line', undefined, false],
      ['bar', undefined, false],
    ])
    expect(options[2].data.every((d) => d.symbolSize === 0)).toBe(true)
  })

  it('pairs each value with its time and keeps gaps as gaps', () => {
    const times = minutes(3)
    const [option] = seriesOptions(times, [{ name: 'x', data: [null, 4, null] }])
    expect(option.data.map((d) => d.value)).toEqual([
      [times[0], null],
      [times[1], 4],
      [times[2], null],
    ])
    expect(option.data[1].symbolSize).toBe(MARKER_SIZE)
  })

  it('counts the values a chart has to show, where a bar of 0 shows nothing', () => {
    expect(valueCount([{ name: 'a', data: sparse }, { name: 'b', data: [null, null] }])).toBe(3)
    expect(valueCount([{ name: 'cost', data: [0, 0, null], kind: 'bar' }])).toBe(0)
    expect(valueCount([{ name: 'queued', data: [0, 0, null], kind: 'count' }])).toBe(2)
  })
})
