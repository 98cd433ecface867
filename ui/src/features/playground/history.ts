import type { StreamResult } from './stream'
import type { ChatRequest } from './examples'

/** A test sent from the playground, kept in this browser: the last 20 per endpoint. */
export interface SavedTest {
  at: string
  request: Omit<ChatRequest, 'model'>
  result?: StreamResult
  error?: string
}

export const KEEP = 20
const key = (endpoint: string) => `hangar.playground.${endpoint}`

export function loadTests(endpoint: string, storage: Storage = localStorage): SavedTest[] {
  try {
    const saved = JSON.parse(storage.getItem(key(endpoint)) ?? '[]')
    return Array.isArray(saved) ? saved : []
  } catch {
    return []
  }
}

/** Puts `test` first and keeps the newest {@link KEEP}; answers the new list. */
export function saveTest(endpoint: string, test: SavedTest, storage: Storage = localStorage): SavedTest[] {
  const tests = [test, ...loadTests(endpoint, storage)].slice(0, KEEP)
  storage.setItem(key(endpoint), JSON.stringify(tests))
  return tests
}

export function clearTests(endpoint: string, storage: Storage = localStorage): void {
  storage.removeItem(key(endpoint))
}
