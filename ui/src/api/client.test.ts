// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { ApiError, errorOf, fieldMessage, unlessForbidden } from './client'
import { i18n } from '../i18n'
import zhCN from '../i18n/server/zh-CN'

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

describe('problem titles and gateway errors in the reader language', () => {
  const gatewayAnswer = (error: unknown, status = 404) =>
    new Response(JSON.stringify({ error }), { status, headers: { 'Content-Type': 'application/json' } })
  const modelNotFound = {
    message: "The model 'gpt-x' does not exist or you do not have access to it.",
    type: 'invalid_request_error',
    param: null,
    code: 'model_not_found',
    message_code: 'gateway.modelNotFound',
    message_params: { model: 'gpt-x' },
  }

  it("shows a problem's title from its type in Chinese, and the server's English title for a type it does not know", async () => {
    const body = { type: '/problems/rate-limit-exceeded', title: 'Too Many Requests', status: 429, detail: 'slow down' }
    const error = await errorOf(new Response(JSON.stringify(body), { status: 429 }))
    i18n.global.locale.value = 'zh-CN'
    try {
      expect(error.title()).toBe('请求过多')
      expect(new ApiError(418, '/problems/teapot', 'x', [], undefined, undefined, "I'm a teapot").title()).toBe("I'm a teapot")
    } finally {
      i18n.global.locale.value = 'en'
    }
    expect(error.title()).toBe('Too Many Requests')
  })

  it("reads the gateway's message code beside OpenAI's code and shows its Chinese", async () => {
    const error = await errorOf(gatewayAnswer(modelNotFound))
    expect(error.status).toBe(404)
    expect(error.message).toBe(modelNotFound.message)
    i18n.global.locale.value = 'zh-CN'
    try {
      expect(error.message).toBe(zhCN['gateway.modelNotFound'].replace('{model}', 'gpt-x'))
    } finally {
      i18n.global.locale.value = 'en'
    }
  })

  it('shows an OpenAI error without a message code (from another server) as its English message', async () => {
    const error = await errorOf(gatewayAnswer({ message: 'Bad thing', type: 'invalid_request_error', code: null }, 400))
    i18n.global.locale.value = 'zh-CN'
    try {
      expect(error.message).toBe('Bad thing')
      expect(error.title()).toBe('')
    } finally {
      i18n.global.locale.value = 'en'
    }
  })
})
