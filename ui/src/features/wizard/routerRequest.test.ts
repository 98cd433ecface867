import { describe, expect, it } from 'vitest'
import { routerRequest, type RouterForm } from './routerRequest'

const filled: RouterForm = {
  name: ' gpt-mini ',
  baseUrl: ' https://api.example.com/v1 ',
  model: 'gpt-4o-mini',
  apiKey: 'sk-secret',
  promptPrice: '0.15',
  completionPrice: '0.6',
  visibility: 'public',
  description: 'hosted',
}

describe('routerRequest', () => {
  it('asks for a router endpoint with its upstream and prices', () => {
    expect(routerRequest(filled)).toEqual({
      name: 'gpt-mini',
      runtime: 'openai-compatible',
      upstream: { baseUrl: 'https://api.example.com/v1', model: 'gpt-4o-mini', apiKey: 'sk-secret' },
      pricing: { promptPerMillionTokens: 0.15, completionPerMillionTokens: 0.6 },
      visibility: 'public',
      description: 'hosted',
    })
  })

  it('leaves empty fields to the server: model, key, prices and description', () => {
    const request = routerRequest({ ...filled, model: ' ', apiKey: '', promptPrice: '', completionPrice: ' ', description: '' })
    expect(request.upstream).toEqual({ baseUrl: 'https://api.example.com/v1', model: undefined, apiKey: undefined })
    expect(request.pricing).toBeUndefined()
    expect(request.description).toBeUndefined()
  })

  it('sends one price without inventing the other', () => {
    expect(routerRequest({ ...filled, completionPrice: '' }).pricing).toEqual({
      promptPerMillionTokens: 0.15,
      completionPerMillionTokens: undefined,
    })
  })
})
