import { describe, expect, it } from 'vitest'
import { endpointNameOf, freeName } from './naming'

describe('endpoint names from a model', () => {
  it('turns a model name into a valid endpoint name', () => {
    expect(endpointNameOf('Llama-3.2 1B/Instruct')).toBe('llama-3.2-1b-instruct')
  })

  it('keeps the name when it is free', () => {
    expect(freeName('tiny', ['other'])).toBe('tiny')
  })

  it('numbers the name past those taken', () => {
    expect(freeName('tiny', ['tiny', 'tiny-2', 'tiny-4'])).toBe('tiny-3')
  })

  it('shortens a long name to fit its number within 64 characters', () => {
    const long = 'a'.repeat(64)
    const free = freeName(long, [long])
    expect(free).toBe(`${'a'.repeat(62)}-2`)
    expect(free.length).toBe(64)
  })
})
