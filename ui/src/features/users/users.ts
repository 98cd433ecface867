import { request, withQuery } from '../../api/client'
import type { components } from '../../api/schema'

/* The admin's users API: /api/v1/users. */
type Schemas = components['schemas']
export type User = Schemas['User']
export type UserLimits = Schemas['UserLimits']
export type Role = NonNullable<User['role']>

const API = '/api/v1/users'
const enc = encodeURIComponent

export const users = {
  list: () => request<Schemas['PageUser']>('GET', withQuery(API, { size: 500 })),
  create: (body: Schemas['CreateUserRequest']) => request<User>('POST', API, body),
  update: (name: string, change: Schemas['UpdateUserRequest']) => request<User>('PATCH', `${API}/${enc(name)}`, change),
  remove: (name: string, disposal: Disposal) =>
    request<void>(
      'DELETE',
      withQuery(`${API}/${enc(name)}`, { resources: disposal.resources, to: disposal.resources === 'reassign' ? disposal.to : undefined }),
    ),
}

/**
 * What happens to what a deleted user owns (endpoints, models, datasets): `none` deletes only a
 * user who owns nothing, `reassign` hands it all to another user, `delete` stops and deletes it.
 */
export type Disposal = { resources: 'none' | 'delete' } | { resources: 'reassign'; to: string }

/** The limits a user can have, in the order the form shows them. */
export const LIMITS = [
  'requestsPerMinute',
  'tokensPerMinute',
  'monthlyTokens',
  'maxKeys',
  'maxEndpoints',
  'maxReplicas',
  'storageBytes',
] as const satisfies readonly (keyof UserLimits)[]
export type LimitName = (typeof LIMITS)[number]

/** The form's text for each limit: the number, or empty for no limit. */
export function limitsForm(limits: UserLimits | undefined): Record<LimitName, string> {
  return Object.fromEntries(LIMITS.map((name) => [name, limits?.[name]?.toString() ?? ''])) as Record<LimitName, string>
}

/**
 * The limits the form holds, or the names of the fields that are not whole numbers of at least 0.
 * An empty field is no limit (the PATCH replaces the limits whole: what it leaves out is lifted).
 */
export function parseLimits(form: Record<LimitName, string>): { limits: UserLimits } | { invalid: LimitName[] } {
  const limits: UserLimits = {}
  const invalid: LimitName[] = []
  for (const name of LIMITS) {
    const text = form[name].trim()
    if (!text) continue
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) invalid.push(name)
    else limits[name] = Number(text)
  }
  return invalid.length ? { invalid } : { limits }
}

/** How many limits a user has, for the table. */
export function limitCount(limits: UserLimits | undefined): number {
  return LIMITS.filter((name) => limits?.[name] !== undefined && limits?.[name] !== null).length
}
