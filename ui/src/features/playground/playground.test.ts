// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest'
import { sseEvents } from './stream'
import { KEEP, clearTests, loadTests, saveTest } from './history'
import { EXAMPLES, type ChatRequest } from './examples'

describe('server-sent events', () => {
  it('answers the data of complete events and keeps the unfinished rest', () => {
    const { events, rest } = sseEvents('data: {"a":1}\n\ndata: {"b":2}\r\n\r\n: keep-alive\n\ndata: {"c"')
    expect(events).toEqual(['{"a":1}', '{"b":2}'])
    expect(rest).toBe('data: {"c"')
  })

  it('passes the end marker through', () => {
    expect(sseEvents('data: [DONE]\n\n').events).toEqual(['[DONE]'])
  })
})

describe('playground history', () => {
  beforeEach(() => localStorage.clear())

  it('keeps the newest tests first, at most twenty per endpoint', () => {
    for (let i = 0; i < KEEP + 5; i++) {
      saveTest('chat', { at: String(i), request: { messages: [], max_tokens: i, temperature: 1, top_p: 1 } })
    }
    saveTest('other', { at: 'x', request: { messages: [], max_tokens: 1, temperature: 1, top_p: 1 } })

    const tests = loadTests('chat')
    expect(tests).toHaveLength(KEEP)
    expect(tests[0].at).toBe(String(KEEP + 4))
    expect(loadTests('other')).toHaveLength(1)
    clearTests('chat')
    expect(loadTests('chat')).toEqual([])
  })

  it('survives what another version left in storage', () => {
    localStorage.setItem('hangar.playground.chat', '{not json')
    expect(loadTests('chat')).toEqual([])
  })
})

describe('example code', () => {
  const request: ChatRequest = {
    model: 'tiny-chat',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: "It's \"quoted\"" },
    ],
    max_tokens: 64,
    temperature: 0.7,
    top_p: 0.9,
  }

  it('uses the real URL and model name in every language', () => {
    for (const [language, write] of Object.entries(EXAMPLES)) {
      const code = write('http://hangar.local:8080/v1', request)
      expect(code, language).toContain('http://hangar.local:8080/v1')
      expect(code, language).toContain('tiny-chat')
      expect(code, language).toContain('HANGAR_API_KEY')
    }
  })

  it('quotes the prompt so that the curl line works in a shell', () => {
    const code = EXAMPLES.curl('http://h/v1', request)
    const body = code.slice(code.indexOf("-d '") + 4, code.lastIndexOf("'"))
    expect(JSON.parse(body.replace(/'\\''/g, "'")).messages[1].content).toBe("It's \"quoted\"")
  })
})
