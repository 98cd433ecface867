import type { Model, Resource, Runtime } from '../../api/hangar'

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
    problems.push({ key: 'notLaunchable', params: { reason: runtime.notLaunchableReason ?? '' } })
  }
  if (runtime.installation && !runtime.installation.installed) {
    problems.push({ key: 'notInstalled', params: { problem: runtime.installation.problem ?? '' } })
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

/** Whether the model's weights alone fit the resource's memory; the full estimate is the server's. */
export function weightsFit(model: Model, resource: Resource): boolean | undefined {
  if (model.sizeBytes === undefined || resource.memoryBytes === undefined) return undefined
  return model.sizeBytes < resource.memoryBytes
}
