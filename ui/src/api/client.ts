/**
 * The one way the UI talks to the server: same-origin fetch with the session cookie, JSON in and
 * out, and every error turned into an {@link ApiError} that knows its fields.
 */

/** One offending field of a request, as the server's problem+json `errors[]` names it (docs/api.md). */
export interface FieldProblem {
  field: string
  message: string
}

/** An RFC 9457 problem (management API) or an OpenAI-shaped error (gateway), made one shape. */
export class ApiError extends Error {
  readonly status: number
  readonly type: string
  readonly errors: FieldProblem[]

  constructor(status: number, type: string, detail: string, errors: FieldProblem[] = []) {
    super(detail)
    this.status = status
    this.type = type
    this.errors = errors
  }

  /** The message for one field (e.g. `name`, `engineArgs.ctx-size`), if the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message
  }
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

/** One entry of `errors[]`: `{field, message}`, or `{field, code, params, detail}` where the server gives codes. */
function fieldProblem(entry: { field?: string; message?: string; detail?: string }): FieldProblem {
  return { field: entry.field ?? '', message: entry.message ?? entry.detail ?? '' }
}

export async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text()
  try {
    const body = JSON.parse(text)
    if (body && typeof body.error === 'object') {
      return new ApiError(response.status, body.error.type ?? 'error', body.error.message ?? text)
    }
    return new ApiError(
      response.status,
      body.type ?? 'about:blank',
      body.detail ?? body.title ?? response.statusText,
      Array.isArray(body.errors) ? body.errors.map(fieldProblem) : [],
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
