// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest'
import { sseEvents } from './stream'
import { liveTokensPerSecond, tokensPerSecond } from './rate'
import {
  apiMessages,
  awaitsAnswer,
  deleteMessage,
  editMessage,
  message,
  regenerateFrom,
  upToLastQuestion,
  type AnswerStats,
} from './conversation'
import { CHAT_EXAMPLES, EMBEDDINGS_EXAMPLES, LANGUAGES } from './examples'
import { DEFAULT_PARAMETERS, chatRequest, stopLines, type ChatRequest } from './request'
import { cosine, inputLines, similarityMatrix } from './similarity'
import { deleteSession, loadSessions, saveSession, type SavedSession } from './sessions'
import { changing, pickerOrder, readiness, sendBlock } from './readiness'
import type { Endpoint } from '../../api/hangar'

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

describe('tokens per second', () => {
  const streamed = (over: Partial<AnswerStats>): AnswerStats => ({ streamed: true, latencyMs: 0, pieces: 0, ...over })

  it('is the tokens after the first over the time from the first piece to the last', () => {
    // 21 tokens: the first at 200 ms, the other 20 over the next 1.6 s
    const stats = streamed({ ttftMs: 200, lastTokenMs: 1_800, latencyMs: 1_850, pieces: 21, completionTokens: 21 })
    expect(tokensPerSecond(stats)).toBeCloseTo(20 / 1.6, 6)
  })

  it('has nothing to say of an answer that was not streamed, however long it took', () => {
    const whole: AnswerStats = { streamed: false, latencyMs: 2_000, pieces: 1, promptTokens: 12, completionTokens: 500 }
    expect(tokensPerSecond(whole)).toBeUndefined()
  })

  it('has nothing to say when the text came in a single piece', () => {
    expect(tokensPerSecond(streamed({ ttftMs: 900, lastTokenMs: 900, latencyMs: 901, pieces: 1, completionTokens: 300 }))).toBeUndefined()
  })

  it('counts pieces while streaming, before the server counts the tokens', () => {
    expect(liveTokensPerSecond(11, 100, 600)).toBeCloseTo(10 / 0.5, 6)
    expect(liveTokensPerSecond(1, 100, 600)).toBeUndefined()
    expect(liveTokensPerSecond(5, undefined, 600)).toBeUndefined()
  })
})

describe('conversation editing', () => {
  const conversation = () => {
    const q1 = message('user', 'Hi')
    const a1 = message('assistant', 'Hello!')
    const q2 = message('user', 'Name a colour')
    const a2 = message('assistant', 'Blue')
    return { q1, a1, q2, a2, all: [q1, a1, q2, a2] }
  }

  it('edits one message and drops its stale stats, leaving the others', () => {
    const { q1, a1, q2, a2, all } = conversation()
    const answered = { ...a2, stats: { streamed: true, latencyMs: 5, pieces: 1 } }
    const edited = editMessage([q1, a1, q2, answered], answered.id, 'Red')
    expect(edited.map((m) => m.content)).toEqual(['Hi', 'Hello!', 'Name a colour', 'Red'])
    expect(edited[3].stats).toBeUndefined()
    expect(all[3]).toBe(a2)
  })

  it('deletes one message', () => {
    const { q1, q2, a2, all } = conversation()
    expect(deleteMessage(all, conversation().a1.id)).toHaveLength(4)
    expect(deleteMessage(all, all[1].id)).toEqual([q1, q2, a2])
  })

  it('regenerates an answer from the messages before it, and a question from itself', () => {
    const { q1, a1, q2, all } = conversation()
    expect(regenerateFrom(all, all[3].id)).toEqual([q1, a1, q2])
    expect(regenerateFrom(all, q1.id)).toEqual([q1])
    expect(regenerateFrom(all, 'gone')).toEqual([])
    expect(awaitsAnswer(regenerateFrom(all, a1.id))).toBe(true)
    expect(awaitsAnswer(all)).toBe(false)
    expect(awaitsAnswer([message('user', '  ')])).toBe(false)
  })

  it('sends the system prompt first and leaves failed answers out', () => {
    const { q1 } = conversation()
    const failed = { ...message('assistant', ''), error: 'HTTP 503' }
    expect(apiMessages('Be brief.', [q1, failed])).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ])
    expect(apiMessages('  ', [q1])).toEqual([{ role: 'user', content: 'Hi' }])
  })

  it('hands another endpoint the conversation up to its last question, as copies', () => {
    const { q1, a1, q2, all } = conversation()
    const joined = upToLastQuestion(all)
    expect(joined).toEqual([q1, a1, q2])
    expect(joined[0]).not.toBe(q1)
    expect(upToLastQuestion([a1])).toEqual([])
  })
})

describe('the request', () => {
  it('leaves out empty options and sets those given', () => {
    const plain = chatRequest('tiny', '', [message('user', 'Hi')], DEFAULT_PARAMETERS)
    expect(plain).not.toHaveProperty('stop')
    expect(plain).not.toHaveProperty('seed')
    expect(plain).not.toHaveProperty('response_format')

    const full = chatRequest('tiny', '', [message('user', 'Hi')], {
      ...DEFAULT_PARAMETERS,
      stop: 'END\n\\n\\n',
      seed: 42,
      json: true,
      stream: false,
    })
    expect(full.stop).toEqual(['END', '\n\n'])
    expect(full.seed).toBe(42)
    expect(full.response_format).toEqual({ type: 'json_object' })
    expect(full.stream).toBe(false)
    expect(stopLines('\n\nA\n')).toEqual(['A'])
  })
})

describe('example code', () => {
  const url = 'http://hangar.local:8080/v1'
  const request: ChatRequest = {
    model: 'tiny-chat',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: "It's \"quoted\"" },
      { role: 'assistant', content: 'Noted.' },
      { role: 'user', content: 'And now?' },
    ],
    max_tokens: 64,
    temperature: 0.7,
    top_p: 0.9,
    stop: ['END'],
    seed: 7,
    response_format: { type: 'json_object' },
    stream: true,
  }

  it('uses the real URL, the model and a key placeholder that says where keys come from, in every language', () => {
    for (const language of LANGUAGES) {
      for (const code of [CHAT_EXAMPLES[language](url, request), EMBEDDINGS_EXAMPLES[language](url, { model: 'tiny-chat', input: ['a', 'b'] })]) {
        expect(code, language).toContain(url)
        expect(code, language).toContain('tiny-chat')
        expect(code, language).toContain('HANGAR_API_KEY')
        expect(code, language).toContain('API keys page')
        expect(code, language).toContain('admin-api-key')
      }
    }
  })

  it('gives curl the request itself as its body, quoted for the shell', () => {
    const code = CHAT_EXAMPLES.curl(url, request)
    expect(code).toContain(`${url}/chat/completions`)
    const body = code.slice(code.indexOf("-d '") + 4, code.lastIndexOf("'"))
    expect(JSON.parse(body.replace(/'\\''/g, "'"))).toEqual(request)
  })

  it('writes every option and every turn of the conversation in each client', () => {
    const python = CHAT_EXAMPLES.python(url, request)
    expect(python).toContain('stop=["END"]')
    expect(python).toContain('seed=7')
    expect(python).toContain('response_format={"type": "json_object"}')
    expect(python).toContain('{"role": "assistant", "content": "Noted."}')
    expect(python).toContain('stream=True')

    const java = CHAT_EXAMPLES.java(url, request)
    expect(java).toContain('.addAssistantMessage("Noted.")')
    expect(java).toContain('.addUserMessage("It\'s \\"quoted\\"")')
    expect(java).toContain('.stopOfStrings(List.of("END"))')
    expect(java).toContain('.seed(7L)')
    expect(java).toContain('createStreaming')

    const plain = CHAT_EXAMPLES.python(url, { ...request, stop: undefined, seed: undefined, response_format: undefined, stream: false })
    expect(plain).not.toContain('stop=')
    expect(plain).not.toContain('seed=')
    expect(plain).not.toContain('stream=True')
    expect(plain).toContain('response.choices[0].message.content')
  })

  it('writes JavaScript that parses, streamed or not, with the messages as sent', () => {
    for (const stream of [true, false]) {
      const code = CHAT_EXAMPLES.javascript(url, { ...request, stream })
      const body = code.replace(/^import .*$/m, '')
      // a syntax error throws here
      const make = new Function('OpenAI', 'process', 'console', `return (async () => {${body}})`)
      expect(typeof make).toBe('function')
      const messages = code.slice(code.indexOf('messages: ') + 10, code.indexOf('],', code.indexOf('messages: ')) + 1)
      expect(JSON.parse(messages)).toEqual(request.messages)
    }
  })
})

describe('similarity', () => {
  it('is the cosine of the angle between two vectors', () => {
    expect(cosine([1, 0], [0, 1])).toBe(0)
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12)
    expect(cosine([1, 0], [-1, 0])).toBe(-1)
    expect(cosine([3, 4], [4, 3])).toBeCloseTo(24 / 25, 12)
    expect(cosine([0, 0], [1, 1])).toBe(0)
    expect(() => cosine([1], [1, 2])).toThrow()
  })

  it('compares every pair, symmetric with ones on the diagonal', () => {
    const m = similarityMatrix([
      [1, 0],
      [0, 2],
      [1, 1],
    ])
    expect(m.map((row) => row.map((v) => Number(v.toFixed(4))))).toEqual([
      [1, 0, 0.7071],
      [0, 1, 0.7071],
      [0.7071, 0.7071, 1],
    ])
  })

  it('takes one input per non-empty line', () => {
    expect(inputLines(' a cat \n\n  \na dog\n')).toEqual(['a cat', 'a dog'])
  })
})

describe('saved sessions', () => {
  beforeEach(() => localStorage.clear())
  const session = (name: string, endpoint = 'tiny'): SavedSession => ({
    name,
    savedAt: '2026-01-01T00:00:00Z',
    system: '',
    parameters: DEFAULT_PARAMETERS,
    columns: [{ endpoint, messages: [message('user', 'Hi')] }],
  })

  it('keeps sessions by name, newest first; saving a name again replaces it', () => {
    saveSession(session('a'))
    saveSession(session('b'))
    saveSession(session('a', 'other'))
    const saved = loadSessions()
    expect(saved.map((s) => s.name)).toEqual(['a', 'b'])
    expect(saved[0].columns[0].endpoint).toBe('other')
    expect(saved[0].columns[0].messages[0].content).toBe('Hi')
    expect(deleteSession('a').map((s) => s.name)).toEqual(['b'])
    expect(loadSessions().map((s) => s.name)).toEqual(['b'])
  })

  it('survives what another version left in storage', () => {
    localStorage.setItem('hangar.playground.sessions', '{not json')
    expect(loadSessions()).toEqual([])
    localStorage.setItem('hangar.playground.sessions', '[{"at":"old"}]')
    expect(loadSessions()).toEqual([])
  })
})

describe('endpoints the playground can send to', () => {
  const endpoint = (name: string, state: Endpoint['state']) => ({ id: name, name, state }) as Endpoint
  const list = [endpoint('zeta', 'Running'), endpoint('alpha', 'Stopped'), endpoint('beta', 'Sleeping')]

  it('answers when running, wakes when sleeping, names the state otherwise', () => {
    expect(readiness(list[0])).toEqual({ ready: true, wakes: false })
    expect(readiness(list[2])).toEqual({ ready: true, wakes: true })
    expect(readiness(list[1])).toEqual({ ready: false, state: 'Stopped' })
    expect(readiness(undefined)).toEqual({ ready: false, state: 'Unknown' })
  })

  it('reads again soon only while an endpoint is on its way to another state', () => {
    expect(list.some(changing)).toBe(false)
    expect(changing(endpoint('new', 'Startup'))).toBe(true)
    expect(changing(endpoint('new', 'Deploying'))).toBe(true)
  })

  it('lists those that can answer first', () => {
    expect(pickerOrder(list).map((e) => e.name)).toEqual(['beta', 'zeta', 'alpha'])
  })

  it('says why Send is off', () => {
    const column = (name: string, over = {}) => ({ endpoint: name, busy: false, awaitsAnswer: false, ...over })
    expect(sendBlock([column('alpha')], list, 'Hi')).toEqual({ reason: 'notReady', params: { name: 'alpha', state: 'Stopped' } })
    expect(sendBlock([column('zeta'), column('')], list, 'Hi')?.reason).toBe('noEndpoint')
    expect(sendBlock([column('zeta'), column('beta', { busy: true })], list, 'Hi')?.reason).toBe('busy')
    expect(sendBlock([column('zeta')], list, '  ')?.reason).toBe('nothing')
    expect(sendBlock([column('zeta', { awaitsAnswer: true })], list, '')).toBeNull()
    expect(sendBlock([column('zeta'), column('beta')], list, 'Hi')).toBeNull()
  })
})
