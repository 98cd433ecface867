import { errorOf } from '../../api/client'
import type { ChatRequest } from './examples'

/** What one streamed answer came to: its text, timings and token counts. */
export interface StreamResult {
  text: string
  ttftMs?: number
  latencyMs: number
  promptTokens?: number
  completionTokens?: number
}

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

/**
 * Sends a chat completion with `stream: true` through the gateway (session cookie) and calls
 * `onText` with each piece of text as it arrives.
 */
export async function streamChat(
  request: ChatRequest,
  onText: (text: string) => void,
  signal: AbortSignal,
  now: () => number = () => performance.now(),
): Promise<StreamResult> {
  const started = now()
  const response = await fetch('/v1/chat/completions', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify({ ...request, stream: true, stream_options: { include_usage: true } }),
    signal,
  })
  if (!response.ok || !response.body) throw await errorOf(response)
  const result: StreamResult = { text: '', latencyMs: 0 }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    const { events, rest } = sseEvents(buffer + value)
    buffer = rest
    for (const data of events) {
      if (data === '[DONE]') continue
      const chunk = JSON.parse(data)
      if (chunk.error) throw new Error(chunk.error.message ?? data)
      const piece: string | undefined = chunk.choices?.[0]?.delta?.content
      if (piece) {
        result.ttftMs ??= now() - started
        result.text += piece
        onText(piece)
      }
      if (chunk.usage) {
        result.promptTokens = chunk.usage.prompt_tokens
        result.completionTokens = chunk.usage.completion_tokens
      }
    }
  }
  result.latencyMs = now() - started
  return result
}
