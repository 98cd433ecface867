// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import type { Model, Resource, Runtime } from '../../api/hangar'
import { fitsMemory, installHelp, runtimeProblems } from './compatibility'

const llamaCpp: Runtime = {
  name: 'llama.cpp',
  formats: ['gguf'],
  tasks: ['text-generation', 'embeddings'],
  devices: ['cpu'],
  launchable: true,
  installation: { installed: true },
}
const vllm: Runtime = {
  name: 'vllm',
  formats: ['safetensors'],
  tasks: ['text-generation'],
  devices: ['cuda', 'rocm'],
  launchable: true,
  installation: { installed: false, problem: 'vllm is not on the PATH' },
}
const gguf: Model = { name: 'tiny', format: 'gguf', task: 'text-generation', sizeBytes: 1_000_000 }
const cpu: Resource = { name: 'cpu-small', gpuCount: 0, memoryBytes: 4 * 2 ** 30 }

describe('runtime compatibility', () => {
  it('finds nothing wrong with a runtime that takes the model on this resource', () => {
    expect(runtimeProblems(llamaCpp, gguf, cpu)).toEqual([])
  })

  it('says every reason another runtime cannot serve it', () => {
    expect(runtimeProblems(vllm, gguf, cpu).map((p) => p.key)).toEqual(['notInstalled', 'format', 'devices'])
    expect(runtimeProblems(vllm, gguf, cpu)[1].params).toEqual({ formats: 'safetensors', format: 'gguf' })
  })

  it('names a task the runtime does not serve', () => {
    expect(runtimeProblems(llamaCpp, { ...gguf, task: 'image-classification' })).toEqual([
      { key: 'task', params: { task: 'image-classification' } },
    ])
  })

  it('compares the estimate of one replica with the resource memory', () => {
    const estimate = { totalBytes: 3 * 2 ** 30, gpuMemory: false }
    expect(fitsMemory(estimate, cpu)).toBe(true)
    expect(fitsMemory({ ...estimate, totalBytes: 5 * 2 ** 30 }, cpu)).toBe(false)
    expect(fitsMemory({ ...estimate, gpuMemory: true }, cpu)).toBeUndefined()
    expect(fitsMemory(null, cpu)).toBeUndefined()
  })
})

describe('installHelp', () => {
  it('says how each kind of runtime gets installed', () => {
    expect(installHelp('llama.cpp')).toEqual({ kind: 'builtIn', name: 'llama.cpp' })
    expect(installHelp('vllm')).toEqual({ kind: 'python', name: 'vllm' })
    expect(installHelp('tgi')).toEqual({ kind: 'command', name: 'text-generation-launcher' })
    expect(installHelp('my-runtime')).toEqual({ kind: 'command', name: 'my-runtime' })
  })
})
