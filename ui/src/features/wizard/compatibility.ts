import type { MemoryEstimate, Model, Resource, Runtime } from '../../api/hangar'
import { serverText } from '../../i18n/server'

/**
 * Why a runtime cannot serve a model on a resource, as message keys with their values; an empty
 * list means it can. The server checks the same when it deploys; this says it before.
 */
export interface Problem {
  key: 'notInstalled' | 'notLaunchable' | 'format' | 'task' | 'devices'
  params: Record<string, string>
}

export function runtimeProblems(runtime: Runtime, model: Model, resource?: Resource): Problem[] {
  const problems: Problem[] = []
  if (runtime.launchable === false) {
    const reason = serverText({ code: runtime.notLaunchableReasonCode, text: runtime.notLaunchableReason ?? '' })
    problems.push({ key: 'notLaunchable', params: { reason } })
  }
  if (runtime.installation && !runtime.installation.installed) {
    const { problem, problemCode, problemParams } = runtime.installation
    problems.push({
      key: 'notInstalled',
      params: { problem: serverText({ code: problemCode, params: problemParams, text: problem ?? '' }) },
    })
  }
  if (model.format && !(runtime.formats ?? []).includes(model.format)) {
    problems.push({ key: 'format', params: { formats: (runtime.formats ?? []).join(', '), format: model.format } })
  }
  if (model.task && runtime.tasks?.length && !runtime.tasks.includes(model.task)) {
    problems.push({ key: 'task', params: { task: model.task } })
  }
  const devices = runtime.devices ?? []
  if (resource && !devices.includes('cpu') && !resource.gpuCount) {
    problems.push({ key: 'devices', params: { devices: devices.join(', ') } })
  }
  return problems
}

/**
 * Whether one replica, as the server estimates it, fits the resource's memory; unknown without an
 * estimate, and for GPU memory, which resources do not state.
 */
export function fitsMemory(estimate: MemoryEstimate | null, resource: Resource): boolean | undefined {
  if (!estimate?.totalBytes || estimate.gpuMemory || resource.memoryBytes === undefined) return undefined
  return estimate.totalBytes <= resource.memoryBytes
}

/** How a runtime gets installed, as a message kind with its values: the built-in worker, a Python package, or a command. */
export interface InstallHelp {
  kind: 'builtIn' | 'python' | 'command'
  name: string
}

const PYTHON_PACKAGES: Record<string, string> = { vllm: 'vllm', sglang: 'sglang', transformers: 'transformers' }
const COMMANDS: Record<string, string> = { tgi: 'text-generation-launcher', 'llama-server': 'llama-server', ollama: 'ollama' }

/** What to install for a runtime that is not installed (the "Installed when" column of docs/runtimes.md). */
export function installHelp(runtime: string | undefined): InstallHelp {
  const name = runtime ?? ''
  if (name === 'llama.cpp') return { kind: 'builtIn', name }
  if (PYTHON_PACKAGES[name]) return { kind: 'python', name: PYTHON_PACKAGES[name] }
  return { kind: 'command', name: COMMANDS[name] ?? name }
}
