import { describe, expect, it } from 'vitest'
import en from './en'
import zhCN from './zh-CN'

type Tree = { [key: string]: string | Tree }

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of leaves(value, path)) out.set(k, v)
  }
  return out
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('messages', () => {
  const english = leaves(en as Tree)
  const chinese = leaves(zhCN as Tree)

  it('has a Chinese text for every English one and no extra', () => {
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort())
  })

  it('keeps the placeholders of each English text in its translation', () => {
    for (const [key, text] of english) {
      expect(placeholders(chinese.get(key) ?? ''), key).toEqual(placeholders(text))
    }
  })

  it('leaves no Chinese text empty', () => {
    for (const [key, text] of chinese) expect(text.trim(), key).not.toBe('')
  })
})
