import type { SystemInfo } from '../../api/hangar'
import { formatBytes, formatDateTime } from '../../lib/format'

/**
 * One line of the server's settings: its label's key under `settings.facts`, and its value as the
 * page shows it. `null` is "not set" (no limit, no directory), a boolean is yes or no.
 */
export interface Fact {
  key: string
  value: string | boolean | null
}

/** A card of the settings page: its title's key under `settings.groups`. */
export interface FactGroup {
  key: string
  facts: Fact[]
}

/** A Java Duration (ISO-8601, e.g. `PT2160H`) in days, hours, minutes or seconds, whichever is whole. */
export function formatIsoDuration(iso: string | undefined | null): string | null {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(iso ?? '')
  if (!match) return iso ?? null
  const seconds = Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0)
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['min', 60]] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size} ${unit}`
  }
  return `${seconds} s`
}

const bytes = (value: number | undefined | null) => (value === undefined || value === null ? null : formatBytes(value))
const count = (value: number | undefined | null) => (value === undefined || value === null ? null : String(value))
const list = (values: string[] | undefined) => (values?.length ? values.join(', ') : null)

/** What an admin reads about this server, card by card, from GET /api/v1/system. */
export function serverFacts(info: SystemInfo, locale: string): FactGroup[] {
  const s = info.settings
  const limits = s?.newUserLimits
  return [
    {
      key: 'server',
      facts: [
        { key: 'version', value: info.version ?? null },
        { key: 'java', value: info.java ?? null },
        { key: 'startedAt', value: formatDateTime(info.startedAt, locale) },
        { key: 'database', value: info.database ? `${info.database.kind} · ${info.database.url}` : null },
        { key: 'machine', value: info.machine ? `${info.machine.hostname} · ${info.machine.os} ${info.machine.arch}` : null },
        { key: 'cpus', value: count(info.machine?.cpus) },
        { key: 'memory', value: bytes(info.machine?.memoryBytes) },
        { key: 'gpus', value: info.machine?.gpus?.length ? info.machine.gpus.map((g) => g.name).join(', ') : null },
      ],
    },
    {
      key: 'directories',
      facts: [
        { key: 'home', value: s?.directories?.home ?? info.home ?? null },
        { key: 'databaseDir', value: s?.directories?.database ?? null },
        { key: 'models', value: s?.directories?.models ?? null },
        { key: 'endpoints', value: s?.directories?.endpoints ?? null },
        { key: 'logs', value: s?.directories?.logs ?? null },
        { key: 'modelRoots', value: list(s?.directories?.modelRoots) },
        { key: 'userModelRoots', value: list(s?.directories?.userModelRoots) },
      ],
    },
    {
      key: 'worker',
      facts: [
        { key: 'workerJar', value: s?.worker?.jar ?? null },
        { key: 'llamaCpp', value: list(s?.worker?.llamaCppReleases) },
        { key: 'llamaLibrary', value: s?.worker?.llamaLibrary ?? null },
      ],
    },
    {
      key: 'newUserLimits',
      facts: [
        { key: 'requestsPerMinute', value: count(limits?.requestsPerMinute) },
        { key: 'tokensPerMinute', value: count(limits?.tokensPerMinute) },
        { key: 'monthlyTokens', value: count(limits?.monthlyTokens) },
        { key: 'maxKeys', value: count(limits?.maxKeys) },
        { key: 'maxEndpoints', value: count(limits?.maxEndpoints) },
        { key: 'maxReplicas', value: count(limits?.maxReplicas) },
        { key: 'storage', value: bytes(limits?.storageBytes) },
      ],
    },
    {
      key: 'requests',
      facts: [
        { key: 'maxBody', value: bytes(s?.requests?.maxBodyBytes) },
        { key: 'maxGatewayBody', value: bytes(s?.requests?.maxGatewayBodyBytes) },
        { key: 'storageReserve', value: bytes(s?.requests?.storageReserveBytes) },
        { key: 'importConcurrency', value: count(s?.requests?.importConcurrency) },
        { key: 'requestLogRetention', value: formatIsoDuration(s?.retention?.requestLog) },
        { key: 'requestLogMax', value: bytes(s?.retention?.requestLogMaxBytes) },
        { key: 'metricsRetention', value: formatIsoDuration(s?.retention?.metrics) },
      ],
    },
    {
      key: 'network',
      facts: [
        { key: 'https', value: s?.edge?.https ?? null },
        { key: 'transport', value: s?.edge?.transport ?? null },
        { key: 'maxUnauthenticated', value: count(s?.edge?.maxUnauthenticatedConnections) },
        { key: 'replicaHost', value: s?.replicas?.host ?? null },
        { key: 'replicaPorts', value: s?.replicas ? `${s.replicas.portFrom}–${s.replicas.portTo}` : null },
        { key: 'stopOnExit', value: s?.replicas?.stopOnExit ?? null },
        { key: 'metricsPublic', value: s?.metricsPublic ?? null },
        { key: 'metricsToken', value: s?.metricsTokenSet ?? null },
      ],
    },
  ]
}
