import type { Message } from './conversation'
import type { Parameters } from './request'

/** A playground session kept in this browser under a name: the conversation(s) and settings, restorable. */
export interface SavedSession {
  name: string
  savedAt: string
  system: string
  parameters: Parameters
  /** One column per endpoint: one in a chat, two or three in compare mode. */
  columns: { endpoint: string; messages: Message[] }[]
  embeddings?: { endpoint: string; inputs: string }
}

const KEY = 'hangar.playground.sessions'

export function loadSessions(storage: Storage = localStorage): SavedSession[] {
  try {
    const saved = JSON.parse(storage.getItem(KEY) ?? '[]')
    return Array.isArray(saved) ? saved.filter((s) => typeof s?.name === 'string' && Array.isArray(s.columns)) : []
  } catch {
    return []
  }
}

/** Saves `session`, replacing one of the same name; answers the sessions newest first. */
export function saveSession(session: SavedSession, storage: Storage = localStorage): SavedSession[] {
  const sessions = [session, ...loadSessions(storage).filter((s) => s.name !== session.name)]
  storage.setItem(KEY, JSON.stringify(sessions))
  return sessions
}

export function deleteSession(name: string, storage: Storage = localStorage): SavedSession[] {
  const sessions = loadSessions(storage).filter((s) => s.name !== name)
  storage.setItem(KEY, JSON.stringify(sessions))
  return sessions
}
