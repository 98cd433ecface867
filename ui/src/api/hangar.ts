/** The management API calls the UI makes, typed from the committed OpenAPI spec (ui/openapi.json). */
import type { components, paths } from './schema'
import { request, withQuery, type Query } from './client'

type Schemas = components['schemas']
export type Model = Schemas['Model']
export type ModelFile = Schemas['ModelFile']
export type ModelEvent = Schemas['ModelEvent']
export type UploadState = Schemas['UploadState']
export type CreateModelRequest = Schemas['CreateModelRequest']
export type Runtime = Schemas['RuntimeView']
export type EngineArg = Schemas['EngineArg']
export type Cluster = Schemas['Cluster']
export type Resource = Schemas['Resource']
export type Endpoint = Schemas['Endpoint']
export type EndpointState = NonNullable<Endpoint['state']>
export type EndpointAction = NonNullable<Endpoint['actions']>[number]
export type StepProgress = Schemas['StepProgress']
export type EndpointEvent = Schemas['EndpointEvent']
export type Replica = Schemas['Replica']
export type CreateEndpointRequest = Schemas['CreateEndpointRequest']
export type UpdateEndpointRequest = Schemas['UpdateEndpointRequest']
export type MemoryEstimate = Schemas['MemoryEstimateView']
export type ApiKey = Schemas['ApiKey']
export type CreatedApiKey = Schemas['CreatedApiKey']
export type User = Schemas['User']
export type Caller = Schemas['AuthenticatedUser']
export type LogTail = Schemas['LogTail']
export type SystemInfo = Schemas['SystemInfo']

type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? Q : never
export type ModelQuery = NonNullable<QueryOf<'/api/v1/models'>>
export type EndpointQuery = NonNullable<QueryOf<'/api/v1/endpoints'>>

const API = '/api/v1'
const enc = encodeURIComponent

/** Admin: this installation, its machine and its settings. */
export const system = {
  get: () => request<SystemInfo>('GET', `${API}/system`),
}

export const auth = {
  login: (username: string, password: string) =>
    request<User>('POST', `${API}/auth/login`, { username, password } satisfies Schemas['LoginRequest']),
  logout: () => request<void>('POST', `${API}/auth/logout`),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', `${API}/auth/password`, {
      currentPassword,
      newPassword,
    } satisfies Schemas['PasswordChange']),
  me: () => request<Caller>('GET', `${API}/auth/me`),
}

export const models = {
  list: (query: ModelQuery) => request<Schemas['PageModel']>('GET', withQuery(`${API}/models`, query as Query)),
  get: (idOrName: string) => request<Model>('GET', `${API}/models/${enc(idOrName)}`),
  events: (idOrName: string) => request<ModelEvent[]>('GET', `${API}/models/${enc(idOrName)}/events`),
  create: (body: CreateModelRequest) => request<Model>('POST', `${API}/models`, body),
  remove: (idOrName: string) => request<void>('DELETE', `${API}/models/${enc(idOrName)}`),
  completeUpload: (idOrName: string) => request<Model>('POST', `${API}/models/${enc(idOrName)}/upload/complete`),
  uploadState: (idOrName: string) => request<UploadState>('GET', `${API}/models/${enc(idOrName)}/upload`),
  fileUrl: (idOrName: string, file: string, offset = 0) =>
    `${API}/models/${enc(idOrName)}/files/${enc(file)}?offset=${offset}`,
}

export const runtimes = {
  list: () => request<Runtime[]>('GET', `${API}/runtimes`),
}

export const clusters = {
  list: () => request<Cluster[]>('GET', `${API}/clusters`),
  resources: (cluster: string) =>
    request<Resource[]>('GET', withQuery(`${API}/clusters/${enc(cluster)}/resources`, { operation: 'deploy' })),
}

export const endpoints = {
  list: (query: EndpointQuery = {}) =>
    request<Schemas['PageEndpoint']>('GET', withQuery(`${API}/endpoints`, query as Query)),
  get: (idOrName: string) => request<Endpoint>('GET', `${API}/endpoints/${enc(idOrName)}`),
  create: (body: CreateEndpointRequest) => request<Endpoint>('POST', `${API}/endpoints`, body),
  estimate: (body: Schemas['EstimateRequest']) => request<MemoryEstimate>('POST', `${API}/endpoints/memory-estimate`, body),
  update: (idOrName: string, body: UpdateEndpointRequest) =>
    request<Endpoint>('PATCH', `${API}/endpoints/${enc(idOrName)}`, body),
  remove: (idOrName: string) => request<void>('DELETE', `${API}/endpoints/${enc(idOrName)}`),
  act: (idOrName: string, action: 'start' | 'stop' | 'restart') =>
    request<Endpoint>('POST', `${API}/endpoints/${enc(idOrName)}/${action}`),
  scale: (idOrName: string, replicas: number) =>
    request<Endpoint>('POST', `${API}/endpoints/${enc(idOrName)}/scale`, { replicas } satisfies Schemas['ScaleRequest']),
  events: (idOrName: string) =>
    request<EndpointEvent[]>('GET', withQuery(`${API}/endpoints/${enc(idOrName)}/events`, { limit: 500 })),
  replicas: (idOrName: string) => request<Replica[]>('GET', `${API}/endpoints/${enc(idOrName)}/replicas`),
  logs: (idOrName: string, replica: string, tail: number) =>
    request<LogTail>('GET', withQuery(`${API}/endpoints/${enc(idOrName)}/replicas/${enc(replica)}/logs`, { tail })),
  followUrl: (idOrName: string, replica: string, tail: number) =>
    withQuery(`${API}/endpoints/${enc(idOrName)}/replicas/${enc(replica)}/logs`, { tail, follow: true }),
}

export const apiKeys = {
  list: () => request<Schemas['PageApiKey']>('GET', withQuery(`${API}/api-keys`, { size: 500 })),
  create: (body: Schemas['CreateApiKeyRequest']) => request<CreatedApiKey>('POST', `${API}/api-keys`, body),
  revoke: (id: string) => request<void>('DELETE', `${API}/api-keys/${enc(id)}`),
}
