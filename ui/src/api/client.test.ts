import { describe, expect, it } from 'vitest'
import { ApiError, fieldMessage } from './client'

describe('fieldMessage', () => {
  const problem = new ApiError(400, '/problems/validation', 'invalid', [
    { field: 'upstream.baseUrl', message: 'must start with http:// or https://' },
    { field: 'name', message: 'must not be blank' },
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
