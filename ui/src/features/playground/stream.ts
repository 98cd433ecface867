import { errorOf, gatewayError } from '../../api/client'
import type { AnswerStats } from './conversation'
import type { ChatRequest, EmbeddingsRequest } from './request'

/**
 * Splits Server-Sent Events text into the `data:` payloads of complete events; answers them and
 * the unfinished rest, which waits for the next chunk.
 */
export function sseEvents(buffer: string): { events: string[]; rest: string } {
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n')
  const rest = blocks.pop() ?? ''
  const events = blocks
    .map((block) =>
      block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n'),
    )
    .filter((data) => data !== '')
  return { events, rest }
}

/** What a chat answer came to: its text and how it went. */
export interface ChatAnswer {
  text: string
  stats: AnswerStats
}

/** Progress of an answer while it streams: the text so far and the pieces' times. */
export type OnPiece = (piece: string, stats: AnswerStats) => void

async function post(path: string, body: unknown, signal: AbortSignal, accept = 'application/json') {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: accept },
    body: JSON.stringify(body),
    signal,
  })
  if (!response.ok) throw await errorOf(response)
  return response
}

/**
 * Sends a chat completion through the gateway (/v1, with the browser's session). Streamed, each
 * piece of text goes to `onPiece` as it arrives and the stats carry the first and last piece's
 * times; not streamed, the answer is one body and the stats say only its latency and tokens.
 */
export async function sendChat(
  request: ChatRequest,
  onPiece: OnPiece,
  signal: AbortSignal,
  now: () => number = () => performance.now(),
): Promise<ChatAnswer> {
  const started = now()
  const body = request.stream ? { ...request, stream_options: { include_usage: true } } : request
  const response = await post('/v1/chat/completions', body, signal, request.stream ? 'text/event-stream' : undefined)
  if (!request.stream) {
    const answer = await response.json()
    return {
      text: answer.choices?.[0]?.message?.content ?? '',
      stats: {
        streamed: false,
        latencyMs: now() - started,
        pieces: 1,
        promptTokens: answer.usage?.prompt_tokens,
        completionTokens: answer.usage?.completion_tokens,
      },
    }
  }
  const stats: AnswerStats = { streamed: true, latencyMs: 0, pieces: 0 }
  let text = ''
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    const { events, rest } = sseEvents(buffer + value)
    buffer = rest
    for (const data of events) {
      if (data === '[DONE]') continue
      const chunk = JSON.parse(data)
      if (chunk.error) throw gatewayError(response.status, chunk.error, data)
      const piece: string | undefined = chunk.choices?.[0]?.delta?.content
      if (piece) {
        const at = now() - started
        stats.ttftMs ??= at
        stats.lastTokenMs = at
        stats.pieces++
        text += piece
        onPiece(piece, { ...stats })
      }
      if (chunk.usage) {
        stats.promptTokens = chunk.usage.prompt_tokens
        stats.completionTokens = chunk.usage.completion_tokens
      }
    }
  }
  stats.latencyMs = now() - started
  return { text, stats }
}

/** The embedding of each input, in the inputs' order, through the gateway. */
export async function embed(request: EmbeddingsRequest, signal: AbortSignal): Promise<number[][]> {
  const answer = await (await post('/v1/embeddings', request, signal)).json()
  const data: { index: number; embedding: number[] }[] = answer.data ?? []
  return [...data].sort((a, b) => a.index - b.index).map((d) => d.embedding)
}
