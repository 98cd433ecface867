// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import type { SystemInfo } from '../../api/hangar'
import en from '../../i18n/en'
import { formatIsoDuration, serverFacts } from './settings'

const INFO: SystemInfo = {
  version: '0.1.0',
  java: '25.0.3',
  startedAt: '2026-12-07T20:00:00Z',
  uptimeSeconds: 60,
  database: { kind: 'h2', url: 'jdbc:h2:file:/srv/hangar/db/hangar' },
  home: '/srv/hangar',
  machine: { hostname: 'box', os: 'Linux', arch: 'amd64', cpus: 16, memoryBytes: 64 * 1024 ** 3, availableMemoryBytes: 0, diskFreeBytes: 0, gpus: [] },
  settings: {
    directories: {
      home: '/srv/hangar',
      database: '/srv/hangar/db',
      models: '/srv/hangar/models',
      endpoints: '/srv/hangar/endpoints',
      logs: '/srv/hangar/logs',
      modelRoots: ['/data/models', '/mnt/shared'],
      userModelRoots: [],
    },
    worker: { jar: '/opt/hangar/hangar-worker.jar', llamaCppReleases: ['v0.5.0'] },
    newUserLimits: { maxKeys: 50, maxEndpoints: 20, maxReplicas: 20, storageBytes: 100 * 1024 ** 3 },
    requests: { maxBodyBytes: 1024 * 1024, maxGatewayBodyBytes: 32 * 1024 * 1024, storageReserveBytes: 2 * 1024 ** 3, importConcurrency: 2 },
    retention: { requestLog: 'PT2160H', metrics: 'PT9600H', requestLogMaxBytes: 5 * 1024 ** 3 },
    replicas: { host: '127.0.0.1', portFrom: 8100, portTo: 8199, stopOnExit: true },
    edge: { https: false, transport: 'auto', maxUnauthenticatedConnections: 1024 },
    metricsPublic: false,
    metricsTokenSet: true,
  },
}

const fact = (key: string) =>
  serverFacts(INFO, 'en')
    .flatMap((g) => g.facts)
    .find((f) => f.key === key)?.value

describe('server settings for admins', () => {
  it('shows durations in the largest whole unit', () => {
    expect(formatIsoDuration('PT2160H')).toBe('90 d')
    expect(formatIsoDuration('PT5M')).toBe('5 min')
    expect(formatIsoDuration('PT1H30M')).toBe('90 min')
    expect(formatIsoDuration('PT1.5S')).toBe('1.5 s')
    expect(formatIsoDuration(undefined)).toBeNull()
  })

  it('lists the directories, the worker and the limits as the server reports them', () => {
    expect(fact('models')).toBe('/srv/hangar/models')
    expect(fact('modelRoots')).toBe('/data/models, /mnt/shared')
    expect(fact('llamaCpp')).toBe('v0.5.0')
    expect(fact('maxKeys')).toBe('50')
    expect(fact('requestLogRetention')).toBe('90 d')
    expect(fact('metricsRetention')).toBe('400 d')
    expect(fact('replicaPorts')).toBe('8100–8199')
    expect(fact('stopOnExit')).toBe(true)
    expect(fact('https')).toBe(false)
  })

  it('says "not set" for what is absent: no limit, no root, no own libllama, no GPU', () => {
    expect(fact('userModelRoots')).toBeNull()
    expect(fact('requestsPerMinute')).toBeNull()
    expect(fact('llamaLibrary')).toBeNull()
    expect(fact('gpus')).toBeNull()
  })

  it('every card has a title and every fact a label the page translates', () => {
    const groups = serverFacts(INFO, 'en')
    expect(groups.map((g) => g.key)).toEqual(['server', 'directories', 'worker', 'newUserLimits', 'requests', 'network'])
    const keys = groups.flatMap((g) => g.facts.map((f) => f.key))
    expect(new Set(keys).size).toBe(keys.length)
    const labels = groups.flatMap((g) => g.facts.map((f) => f.label))
    const known = (label: string) => label.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], en)
    expect(labels.filter((l) => typeof known(l) !== 'string')).toEqual([])
    expect(groups.map((g) => g.key).filter((k) => !(k in en.settings.groups))).toEqual([])
  })
})
