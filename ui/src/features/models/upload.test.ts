// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { mayAwaitUpload, planResume } from './upload'
import type { Model } from '../../api/hangar'

const file = (name: string, size: number) => ({ name, size })

describe('resuming an upload', () => {
  it('continues each picked file from the bytes the server confirmed, from zero for one it has nothing of', () => {
    const weights = file('model.safetensors', 10_000)
    const config = file('config.json', 300)
    const tokenizer = file('tokenizer.json', 900)
    const plan = planResume([config, weights, tokenizer], {
      complete: false,
      files: [
        { name: 'config.json', sizeBytes: 300 },
        { name: 'model.safetensors', sizeBytes: 4_096 },
      ],
    })
    expect(plan.refusal).toBeUndefined()
    expect(plan.steps).toEqual([
      { file: weights, offset: 4_096 },
      { file: tokenizer, offset: 0 },
    ])
    expect(plan.refusal ? 0 : plan.held).toBe(300 + 4_096)
  })

  it('sends the whole file when the server holds nothing', () => {
    const gguf = file('tiny.gguf', 2_048)
    expect(planResume([gguf], { complete: false, files: [] }).steps).toEqual([{ file: gguf, offset: 0 }])
  })

  it('refuses a file the server holds more of than the picked one: not the same file', () => {
    const plan = planResume([file('tiny.gguf', 100)], { complete: false, files: [{ name: 'tiny.gguf', sizeBytes: 101 }] })
    expect(plan.refusal).toEqual({ reason: 'larger', params: { file: 'tiny.gguf', have: 101, size: 100 } })
  })

  it('refuses picked files that leave out one the server holds part of', () => {
    const plan = planResume([file('other.gguf', 100)], { complete: false, files: [{ name: 'tiny.gguf', sizeBytes: 50 }] })
    expect(plan.refusal).toEqual({ reason: 'missing', params: { file: 'tiny.gguf' } })
  })

  it('refuses a complete upload and an empty pick', () => {
    expect(planResume([file('a.gguf', 1)], { complete: true, files: [] }).refusal?.reason).toBe('complete')
    expect(planResume([], { complete: false, files: [] }).refusal?.reason).toBe('empty')
  })

  it('asks the server only about uploaded models still importing', () => {
    const model = (type: string, status: Model['status']) => ({ name: 'm', source: { type }, status }) as Model
    expect(mayAwaitUpload(model('upload', 'importing'))).toBe(true)
    expect(mayAwaitUpload(model('upload', 'ready'))).toBe(false)
    expect(mayAwaitUpload(model('local', 'importing'))).toBe(false)
  })
})
