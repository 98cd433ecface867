import { i18n, type Locale } from '../index'
import codes from './codes.json'
import zhCN from './zh-CN'

/**
 * Server messages in the reader's language. The server sends each sentence it writes (problem
 * details, endpoint events and state reasons, memory estimates, runtime problems) as a stable code
 * with its parameters beside the English text; `codes.json` is the server's catalog (code →
 * English template, kept equal to it by the server's MessageCatalogTest) and `zh-CN.ts` translates
 * every code. A code this UI does not know shows the server's English text.
 */

/** A message as the API carries it: a code, its parameters, and the English text. */
export interface ServerMessage {
  code?: string | null
  params?: Record<string, unknown> | null
  text?: string | null
}

type Templates = Record<string, string>

const english: Templates = codes
const TEMPLATES: Record<Locale, Templates> = { en: english, 'zh-CN': zhCN }

/**
 * Parameters that are names the UI already translates: in another language than English, an
 * endpoint's state (`Stopped`), an action (`scale`) and a model's status (`failed`) read as the
 * UI's own labels of them.
 */
const TRANSLATED_PARAMS: Record<string, string> = {
  state: 'endpoints.states',
  action: 'endpoints.actions',
  status: 'models.statuses',
}

/** `message` in `locale`: its code's template filled from its parameters, else its English text. */
export function renderServerMessage(message: ServerMessage, locale: Locale): string {
  const template = message.code ? TEMPLATES[locale][message.code] : undefined
  if (template === undefined) return message.text ?? ''
  return template.replace(/\{(\w+)\}/g, (hole, name: string) => {
    const value = message.params?.[name]
    if (value === undefined || value === null) return hole
    if (isMessage(value)) return renderServerMessage(value, locale)
    const key = locale !== 'en' && TRANSLATED_PARAMS[name] && `${TRANSLATED_PARAMS[name]}.${String(value)}`
    return key && i18n.global.te(key, locale) ? i18n.global.t(key, {}, { locale }) : String(value)
  })
}

/** `message` in the language the UI shows now; reactive where the locale is read in a render or computed. */
export function serverText(message: ServerMessage): string {
  return renderServerMessage(message, i18n.global.locale.value)
}

/** The codes the server can send, for tests. */
export const SERVER_CODES: Templates = english

function isMessage(value: unknown): value is ServerMessage {
  return typeof value === 'object' && value !== null && typeof (value as ServerMessage).code === 'string'
}
