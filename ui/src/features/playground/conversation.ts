/** A conversation as the playground edits it: messages with ids, changed only through these functions. */

export type Role = 'user' | 'assistant'

/** How one answer went: timings from the moment the request left, and the server's token counts. */
export interface AnswerStats {
  /** Whether the answer came as a stream of events (timings of each piece) or as one body. */
  streamed: boolean
  latencyMs: number
  ttftMs?: number
  /** When the last piece of text arrived; with ttftMs it bounds the generation after the first token. */
  lastTokenMs?: number
  /** Pieces of text received (a streamed answer's content events). */
  pieces: number
  promptTokens?: number
  completionTokens?: number
}

export interface Message {
  id: string
  role: Role
  content: string
  stats?: AnswerStats
  /** Why the answer failed: the server's message (its code and parameters, with its English text), or the browser's. */
  error?: string
  errorCode?: string
  errorParams?: Record<string, unknown>
}

let counter = 0
export const newId = () => `m${Date.now().toString(36)}${(counter++).toString(36)}`

export function message(role: Role, content: string): Message {
  return { id: newId(), role, content }
}

export function editMessage(messages: Message[], id: string, content: string): Message[] {
  return messages.map((m) => (m.id === id ? { id: m.id, role: m.role, content } : m))
}

export function deleteMessage(messages: Message[], id: string): Message[] {
  return messages.filter((m) => m.id !== id)
}

/**
 * What to send again to regenerate `id`: for an answer, the messages before it (the answer and
 * everything after it go); for a user message, the messages up to it (the answers after it go).
 * Empty when there is no such message or nothing before an answer to answer.
 */
export function regenerateFrom(messages: Message[], id: string): Message[] {
  const index = messages.findIndex((m) => m.id === id)
  if (index < 0) return []
  return messages[index].role === 'assistant' ? messages.slice(0, index) : messages.slice(0, index + 1)
}

/** Whether the conversation can be sent as it is: it ends with a user message that says something. */
export function awaitsAnswer(messages: Message[]): boolean {
  const last = messages.at(-1)
  return last?.role === 'user' && last.content.trim() !== ''
}

/** The messages as the OpenAI API takes them: the system prompt first when there is one; failed answers left out. */
export function apiMessages(system: string, messages: Message[]): { role: 'system' | Role; content: string }[] {
  return [
    ...(system.trim() ? [{ role: 'system' as const, content: system }] : []),
    ...messages.filter((m) => !m.error).map((m) => ({ role: m.role, content: m.content })),
  ]
}

/** The conversation up to its last user message (copies): where another endpoint joins it in compare mode. */
export function upToLastQuestion(messages: Message[]): Message[] {
  let last = -1
  messages.forEach((m, i) => {
    if (m.role === 'user') last = i
  })
  return messages.slice(0, last + 1).map((m) => ({ ...m }))
}
