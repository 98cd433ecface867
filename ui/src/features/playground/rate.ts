import type { AnswerStats } from './conversation'

/**
 * Generation speed in tokens per second: the tokens after the first over the time from the first
 * piece of text to the last. Only a streamed answer has those times; one that came as a single
 * body, or in a single piece, has no speed to tell (its latency and token count say what there is).
 */
export function tokensPerSecond(stats: AnswerStats | undefined): number | undefined {
  if (!stats?.streamed || stats.ttftMs === undefined || stats.lastTokenMs === undefined) return undefined
  const tokens = stats.completionTokens ?? stats.pieces
  const seconds = (stats.lastTokenMs - stats.ttftMs) / 1000
  if (tokens < 2 || stats.pieces < 2 || seconds <= 0) return undefined
  return (tokens - 1) / seconds
}

/**
 * The speed while an answer streams in, before the server's token count arrives: each content
 * event counted as one token, over the time since the first.
 */
export function liveTokensPerSecond(pieces: number, ttftMs: number | undefined, nowMs: number): number | undefined {
  if (ttftMs === undefined || pieces < 2 || nowMs <= ttftMs) return undefined
  return (pieces - 1) / ((nowMs - ttftMs) / 1000)
}
