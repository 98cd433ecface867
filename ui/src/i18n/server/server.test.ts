// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import codes from './codes.json'
import zhCN from './zh-CN'
import { renderServerMessage } from './index'
import { i18n } from '../index'

// codes.json is the server's catalog (MessageCatalogTest keeps it equal to MessageCode): English
// is its templates, so every code the server sends has English; these hold Chinese to the same.
const english: Record<string, string> = codes
const chinese: Record<string, string> = zhCN
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort()

describe('server message translations', () => {
  it('has a Chinese text for every code the server sends, and none for a code it does not', () => {
    expect(Object.keys(chinese).filter((code) => !(code in english))).toEqual([])
    expect(Object.keys(english).filter((code) => !(code in chinese))).toEqual([])
  })

  it('has an English text for every code (the server template itself)', () => {
    for (const [code, template] of Object.entries(english)) expect(template.trim(), code).not.toBe('')
  })

  it('names in each translation exactly the parameters of its English template', () => {
    for (const [code, template] of Object.entries(english)) {
      expect(placeholders(chinese[code] ?? ''), code).toEqual(placeholders(template))
    }
  })

  it('writes Chinese wherever the English has words', () => {
    const words = (text: string) => /[A-Za-z]{3,}/.test(text.replace(/\{\w+\}/g, ''))
    for (const [code, template] of Object.entries(english)) {
      if (words(template)) expect(chinese[code], code).toMatch(/[\u4e00-\u9fff]/)
    }
  })
})

describe('renderServerMessage', () => {
  const refusal = {
    code: 'endpoint.actionNotAllowed',
    params: { name: 'chat', state: 'Stopped', action: 'scale', allowed: 'start, delete' },
    text: "Endpoint 'chat' is Stopped; cannot scale it now. Allowed in Stopped: start, delete.",
  }

  it('renders a code in Chinese, with the states and actions the UI names', () => {
    expect(renderServerMessage(refusal, 'zh-CN')).toBe(
      '端点“chat”当前处于已停止状态，现在无法扩缩容。已停止状态下允许：start, delete。',
    )
  })

  it('renders the same code in English as the server wrote it', () => {
    expect(renderServerMessage(refusal, 'en')).toBe(refusal.text)
  })

  it("renders a model's status as the UI names it, and a status that is no model's as it is", () => {
    const notReady = { code: 'reason.modelNotReady', params: { model: 'tiny', status: 'failed' }, text: 'model tiny is failed' }
    expect(renderServerMessage(notReady, 'zh-CN')).toBe(
      zhCN['reason.modelNotReady'].replace('{model}', 'tiny').replace('{status}', i18n.global.t('models.statuses.failed', {}, { locale: 'zh-CN' })),
    )
    expect(renderServerMessage(notReady, 'zh-CN')).not.toContain('failed')
    const refused = { code: 'gateway.providerRefusedKey', params: { name: 'r', status: '401' }, text: '' }
    expect(renderServerMessage(refused, 'zh-CN')).toContain('401')
  })

  it('renders the events of a model import in Chinese, its list of facts included', () => {
    const facts = {
      code: 'list.items',
      params: {
        first: { code: 'reason.detail', params: { detail: 'gguf' }, text: 'gguf' },
        rest: { code: 'model.factParameters', params: { count: '1000' }, text: '1000 parameters' },
      },
      text: 'gguf, 1000 parameters',
    }
    const headersRead = { code: 'model.headersRead', params: { facts }, text: 'headers read: gguf, 1000 parameters' }
    const expected = zhCN['model.headersRead'].replace(
      '{facts}',
      zhCN['list.items'].replace('{first}', 'gguf').replace('{rest}', zhCN['model.factParameters'].replace('{count}', '1000')),
    )
    expect(renderServerMessage(headersRead, 'zh-CN')).toBe(expected)
    expect(renderServerMessage(headersRead, 'en')).toBe(headersRead.text)
  })

  it('renders nested messages in the same language', () => {
    const stopping = {
      code: 'reason.stopping',
      params: {
        why: {
          code: 'model.withdrawnDeleted',
          params: { model: 'tiny', user: 'bob' },
          text: "model 'tiny' was deleted by bob, so this endpoint stopped; delete it and deploy another model",
        },
      },
      text: "stopping: model 'tiny' was deleted by bob, so this endpoint stopped; delete it and deploy another model",
    }
    expect(renderServerMessage(stopping, 'zh-CN')).toBe(
      '正在停止：模型“tiny”已被 bob 删除，因此此端点已停止；请删除它，并部署其他模型',
    )
  })

  it('shows the English text of a code it does not know, and of a message without a code', () => {
    expect(renderServerMessage({ code: 'not.aCode', params: {}, text: 'Something new.' }, 'zh-CN')).toBe(
      'Something new.',
    )
    expect(renderServerMessage({ text: 'written before codes' }, 'zh-CN')).toBe('written before codes')
  })
})
