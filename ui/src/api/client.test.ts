// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { ApiError, errorOf, fieldMessage, unlessForbidden } from './client'

describe('fieldMessage', () => {
  const problem = new ApiError(400, '/problems/validation', 'invalid', [
    { field: 'upstream.baseUrl', code: 'upstream.urlScheme', params: {}, detail: 'must start with http:// or https://' },
    { field: 'name', code: 'not.known', params: {}, detail: 'must not be blank' },
  ])

  it('answers the message of the first named field the server named', () => {
    expect(fieldMessage(problem, 'upstream.model', 'upstream.baseUrl', 'name')).toBe('must start with http:// or https://')
  })

  it("answers nothing for fields the server did not name, or for an error that is not the API's", () => {
    expect(fieldMessage(problem, 'pricing')).toBeUndefined()
    expect(fieldMessage(new Error('offline'), 'name')).toBeUndefined()
    expect(fieldMessage(null, 'name')).toBeUndefined()
  })
})

describe('unlessForbidden', () => {
  it("answers the fallback for a 403 (another user's events, replicas or logs)", () => {
    expect(unlessForbidden<string[]>([])(new ApiError(403, '/problems/forbidden', 'only the owner'))).toEqual([])
  })

  it('rethrows every other error', () => {
    const missing = new ApiError(404, '/problems/not-found', 'gone')
    expect(() => unlessForbidden<string[]>([])(missing)).toThrow(missing)
    expect(() => unlessForbidden<string[]>([])(new Error('offline'))).toThrow('offline')
  })
})

describe('errorOf', () => {
  const problem = (errors: unknown[]) =>
    new Response(JSON.stringify({ type: '/problems/validation', detail: 'invalid', errors }), {
      status: 400,
      headers: { 'Content-Type': 'application/problem+json' },
    })

  it('keeps every field error with its code, parameters and English detail', async () => {
    const errors = [
      { field: 'name', code: 'not.known', params: {}, detail: 'must not be blank' },
      { field: 'maxReplicas', code: 'not.known.either', params: { min: '1' }, detail: 'must be at least 1' },
    ]
    const error = await errorOf(problem(errors))
    expect(error.errors).toEqual(errors)
    expect(error.fieldMessage('maxReplicas')).toBe('must be at least 1')
  })
})
