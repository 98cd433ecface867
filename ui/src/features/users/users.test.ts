// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { limitCount, limitsForm, parseLimits } from './users'

describe('user limits form', () => {
  it('shows set limits as numbers and the others empty', () => {
    const form = limitsForm({ requestsPerMinute: 60, storageBytes: 0 })
    expect(form.requestsPerMinute).toBe('60')
    expect(form.storageBytes).toBe('0')
    expect(form.monthlyTokens).toBe('')
  })

  it('sends only the filled limits, as numbers', () => {
    const form = { ...limitsForm(undefined), tokensPerMinute: ' 5000 ', maxKeys: '0' }
    expect(parseLimits(form)).toEqual({ limits: { tokensPerMinute: 5000, maxKeys: 0 } })
  })

  it('names every field that is not a whole number', () => {
    const form = { ...limitsForm(undefined), maxReplicas: '1.5', maxEndpoints: '-2', monthlyTokens: '10' }
    expect(parseLimits(form)).toEqual({ invalid: ['maxEndpoints', 'maxReplicas'] })
  })

  it('counts the limits a user has', () => {
    expect(limitCount(undefined)).toBe(0)
    expect(limitCount({ maxKeys: 0, requestsPerMinute: 10 })).toBe(2)
  })
})
