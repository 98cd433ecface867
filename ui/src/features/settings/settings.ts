import type { SystemInfo } from '../../api/hangar'
import { formatBytes, formatDateTime } from '../../lib/format'
import { LIMITS } from '../users/users'

/**
 * One line of the server's settings: its name, its label's message key (under `settings.facts`, or
 * the users page's for limits), and its value as the page shows it. `null` is "not set" (no limit,
 * no directory), a boolean is yes or no.
 */
export interface Fact {
  key: string
  label: string
  value: string | boolean | null
}

const fact = (key: string, value: Fact['value']): Fact => ({ key, label: `settings.facts.${key}`, value })

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
        fact('version', info.version ?? null),
        fact('java', info.java ?? null),
        fact('startedAt', formatDateTime(info.startedAt, locale)),
        fact('database', info.database ? `${info.database.kind} · ${info.database.url}` : null),
        fact('machine', info.machine ? `${info.machine.hostname} · ${info.machine.os} ${info.machine.arch}` : null),
        fact('cpus', count(info.machine?.cpus)),
        fact('memory', bytes(info.machine?.memoryBytes)),
        fact('gpus', info.machine?.gpus?.length ? info.machine.gpus.map((g) => g.name).join(', ') : null),
      ],
    },
    {
      key: 'directories',
      facts: [
        fact('home', s?.directories?.home ?? info.home ?? null),
        fact('databaseDir', s?.directories?.database ?? null),
        fact('models', s?.directories?.models ?? null),
        fact('endpoints', s?.directories?.endpoints ?? null),
        fact('logs', s?.directories?.logs ?? null),
        fact('modelRoots', list(s?.directories?.modelRoots)),
        fact('userModelRoots', list(s?.directories?.userModelRoots)),
      ],
    },
    {
      key: 'worker',
      facts: [
        fact('workerJar', s?.worker?.jar ?? null),
        fact('llamaCpp', list(s?.worker?.llamaCppReleases)),
        fact('llamaLibrary', s?.worker?.llamaLibrary ?? null),
      ],
    },
    {
      key: 'newUserLimits',
      facts: LIMITS.map((name) => ({
        key: name,
        label: `users.limits.${name}`,
        value: name === 'storageBytes' ? bytes(limits?.storageBytes) : count(limits?.[name]),
      })),
    },
    {
      key: 'requests',
      facts: [
        fact('maxBody', bytes(s?.requests?.maxBodyBytes)),
        fact('maxGatewayBody', bytes(s?.requests?.maxGatewayBodyBytes)),
        fact('storageReserve', bytes(s?.requests?.storageReserveBytes)),
        fact('importConcurrency', count(s?.requests?.importConcurrency)),
        fact('requestLogRetention', formatIsoDuration(s?.retention?.requestLog)),
        fact('requestLogMax', bytes(s?.retention?.requestLogMaxBytes)),
        fact('metricsRetention', formatIsoDuration(s?.retention?.metrics)),
      ],
    },
    {
      key: 'network',
      facts: [
        fact('https', s?.edge?.https ?? null),
        fact('transport', s?.edge?.transport ?? null),
        fact('maxUnauthenticated', count(s?.edge?.maxUnauthenticatedConnections)),
        fact('replicaHost', s?.replicas?.host ?? null),
        fact('replicaPorts', s?.replicas ? `${s.replicas.portFrom}–${s.replicas.portTo}` : null),
        fact('stopOnExit', s?.replicas?.stopOnExit ?? null),
        fact('metricsPublic', s?.metricsPublic ?? null),
        fact('metricsToken', s?.metricsTokenSet ?? null),
      ],
    },
  ]
}
