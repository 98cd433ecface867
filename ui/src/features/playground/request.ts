import { apiMessages, type Message, type Role } from './conversation'

/** The sampling parameters the playground offers; empty ones are left out of the request. */
export interface Parameters {
  temperature: number
  top_p: number
  max_tokens: number
  /** Stop sequences as the form holds them: one per line, \n and \t written as typed. */
  stop: string
  seed?: number
  json: boolean
  stream: boolean
}

export const DEFAULT_PARAMETERS: Parameters = {
  temperature: 0.7,
  top_p: 0.95,
  max_tokens: 256,
  stop: '',
  seed: undefined,
  json: false,
  stream: true,
}

/** A chat completion request as the OpenAI API takes it (and as the code examples show it). */
export interface ChatRequest {
  model: string
  messages: { role: 'system' | Role; content: string }[]
  max_tokens: number
  temperature: number
  top_p: number
  stop?: string[]
  seed?: number
  response_format?: { type: 'json_object' }
  stream: boolean
}

export interface EmbeddingsRequest {
  model: string
  input: string[]
}

export function chatRequest(model: string, system: string, messages: Message[], p: Parameters): ChatRequest {
  const stop = stopLines(p.stop)
  return {
    model,
    messages: apiMessages(system, messages),
    max_tokens: p.max_tokens,
    temperature: p.temperature,
    top_p: p.top_p,
    ...(stop.length ? { stop } : {}),
    ...(p.seed !== undefined && Number.isInteger(p.seed) ? { seed: p.seed } : {}),
    ...(p.json ? { response_format: { type: 'json_object' as const } } : {}),
    stream: p.stream,
  }
}

/** Stop sequences from the form's text: one per line, escapes such as \n written as typed. */
export function stopLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/\\n/g, '\n').replace(/\\t/g, '\t'))
}
