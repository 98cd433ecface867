/**
 * The one way the UI talks to the server: same-origin fetch with the session cookie, JSON in and
 * out, and every error turned into an {@link ApiError} that knows its fields.
 */

import { serverText } from '../i18n/server'

/**
 * One offending field of a request, as the server's problem+json `errors[]` names it (docs/api.md):
 * the field, the message's code and parameters, and its English `detail`.
 */
export interface FieldProblem {
  field: string
  code?: string | null
  params?: Record<string, unknown> | null
  detail: string
}

/**
 * An RFC 9457 problem (management API) or an OpenAI-shaped error (gateway), made one shape. Its
 * `message` is the server's message in the language the UI shows (the code's translation, read
 * each time so that a change of language shows at once); `detail` is the server's English.
 */
export class ApiError extends Error {
  readonly status: number
  readonly type: string
  readonly detail: string
  readonly code?: string
  readonly params?: Record<string, unknown>
  readonly errors: FieldProblem[]
  /** The problem's English `title`, as the server sent it; {@link title} gives it in the UI's language. */
  readonly englishTitle?: string

  constructor(
    status: number,
    type: string,
    detail: string,
    errors: FieldProblem[] = [],
    code?: string,
    params?: Record<string, unknown>,
    englishTitle?: string,
  ) {
    super(detail)
    this.status = status
    this.type = type
    this.detail = detail
    this.code = code
    this.params = params
    this.errors = errors
    this.englishTitle = englishTitle
    Object.defineProperty(this, 'message', { get: () => this.text(), enumerable: false, configurable: true })
  }

  /**
   * What went wrong in the UI's language: for a request with offending fields, each field with its
   * problem; else the problem's own message.
   */
  text(): string {
    if (this.errors.length) return this.errors.map((e) => `${e.field}: ${fieldText(e)}`).join('; ')
    return serverText({ code: this.code, params: this.params, text: this.detail })
  }

  /**
   * The problem's title in the UI's language, from its type (`/problems/<slug>` → the code
   * `problemType.<slug>`); the server's English title for a type the UI does not know; empty for
   * an error without a problem type (the gateway's OpenAI-shaped errors).
   */
  title(): string {
    const slug = /\/problems\/([\w-]+)$/.exec(this.type)?.[1]
    if (!slug) return this.englishTitle ?? ''
    return serverText({ code: `problemType.${slug}`, text: this.englishTitle ?? '' })
  }

  /** The message for one field (e.g. `name`, `engineArgs.ctx-size`), if the server named it, in the UI's language. */
  fieldMessage(field: string): string | undefined {
    const problem = this.errors.find((e) => e.field === field)
    return problem && fieldText(problem)
  }
}

/** One field's problem in the UI's language. */
export function fieldText(problem: FieldProblem): string {
  return serverText({ code: problem.code, params: problem.params, text: problem.detail })
}

/**
 * For what only an owner or admin may read (an endpoint's events, replicas and logs, a model's
 * events): `fallback` when the server answers 403, the error otherwise.
 */
export function unlessForbidden<T>(fallback: T): (problem: unknown) => T {
  return (problem) => {
    if (problem instanceof ApiError && problem.status === 403) return fallback
    throw problem
  }
}

/** The server's message for the first of `fields` it named, when `problem` is an {@link ApiError}. */
export function fieldMessage(problem: unknown, ...fields: string[]): string | undefined {
  return problem instanceof ApiError ? fields.map((f) => problem.fieldMessage(f)).find(Boolean) : undefined
}

let unauthorizedHandler: () => void = () => {}

/** Called when a call answers 401: the session ended, the user must log in again. */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler
}

export type Query = Record<string, string | number | boolean | undefined | null>

export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `${path}?${text}` : path
}

/**
 * An error in OpenAI's shape, as the gateway (/v1) answers it, also inside a stream: `message` in
 * English, with Hangar's `message_code` and `message_params` beside OpenAI's own `code`.
 */
export function gatewayError(status: number, error: Record<string, unknown>, fallback = ''): ApiError {
  const code = error.message_code
  const params = error.message_params
  return new ApiError(
    status,
    typeof error.type === 'string' ? error.type : 'error',
    typeof error.message === 'string' ? error.message : fallback,
    [],
    typeof code === 'string' ? code : undefined,
    params && typeof params === 'object' ? (params as Record<string, unknown>) : undefined,
  )
}

export async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text()
  try {
    const body = JSON.parse(text)
    if (body && typeof body.error === 'object' && body.error !== null) return gatewayError(response.status, body.error, text)
    return new ApiError(
      response.status,
      body.type ?? 'about:blank',
      body.detail ?? body.title ?? response.statusText,
      Array.isArray(body.errors) ? body.errors : [],
      typeof body.code === 'string' ? body.code : undefined,
      body.params && typeof body.params === 'object' ? body.params : undefined,
      typeof body.title === 'string' ? body.title : undefined,
    )
  } catch {
    return new ApiError(response.status, 'about:blank', text || response.statusText)
  }
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) {
    const error = await errorOf(response)
    if (response.status === 401 && !path.endsWith('/auth/login')) unauthorizedHandler()
    throw error
  }
  if (response.status === 204) return undefined as T
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}
