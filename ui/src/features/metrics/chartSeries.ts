/**
 * The series of a time chart as ECharts options, so that every value shows: a value with no
 * neighbour (one busy minute among idle ones) gets a marker, since a line needs two points; counts
 * (replicas, requests in flight) are step lines, since a count does not pass through the values
 * between two readings; nothing is smoothed, since smoothing invents peaks and dips.
 */
export type SeriesKind = 'line' | 'count' | 'bar'

export interface Series {
  name: string
  data: (number | null)[]
  /** line (default): a measure such as a latency; count: a whole number of things; bar: events per step. */
  kind?: SeriesKind
}

/** A lone value's marker: a filled circle, large enough to see at a glance. */
export const MARKER_SIZE = 8

const present = (v: number | null | undefined): v is number => v !== null && v !== undefined && !Number.isNaN(v)

/** Whether the value at `i` is drawn by no line: it is there and neither neighbour is. */
export function isolated(data: (number | null)[], i: number): boolean {
  return present(data[i]) && !present(data[i - 1]) && !present(data[i + 1])
}

export interface SeriesOption {
  name: string
  type: 'line' | 'bar'
  step?: 'end'
  symbol: 'circle'
  /** Markers at the plot's edges (the range's last minute) are drawn whole, not cut in half. */
  clip: false
  smooth: false
  showSymbol: boolean
  showAllSymbol: boolean
  connectNulls: false
  barMaxWidth?: number
  data: { value: [string, number | null]; symbolSize: number }[]
}

export function seriesOptions(times: string[], series: Series[]): SeriesOption[] {
  return series.map((s) => {
    const bar = s.kind === 'bar'
    return {
      name: s.name,
      type: bar ? 'bar' : 'line',
      ...(s.kind === 'count' ? { step: 'end' as const } : {}),
      symbol: 'circle',
      clip: false,
      smooth: false,
      showSymbol: !bar,
      showAllSymbol: true,
      connectNulls: false,
      ...(bar ? { barMaxWidth: 14 } : {}),
      data: times.map((time, i) => ({
        value: [time, present(s.data[i]) ? s.data[i] : null] as [string, number | null],
        symbolSize: !bar && isolated(s.data, i) ? MARKER_SIZE : 0,
      })),
    }
  })
}

/** How many values the series show (a bar of 0 shows nothing; a line at 0 does): a chart with any must draw something. */
export function valueCount(series: Series[]): number {
  return series.reduce((n, s) => n + s.data.filter((v) => present(v) && (s.kind !== 'bar' || v !== 0)).length, 0)
}
