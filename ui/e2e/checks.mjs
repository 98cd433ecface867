// Checks the browser test runs on every page: charts that hold data must draw it, nothing may stick
// out of a narrow screen, no server message may show untranslated, and the mocked answers that put a
// page into a state worth checking.
import { readFileSync } from 'node:fs'

/**
 * Waits until every chart that holds values (`.chart[data-values]` > 0) has drawn pixels in its
 * series' colours inside its plot area (below the legend); fails naming the charts that did not.
 */
export async function expectChartsDrawn(page, what, timeout = 15_000) {
  await page.locator('.chart canvas').first().waitFor()
  try {
    await page.waitForFunction(`(${blankCharts.toString()})().length === 0`, null, { timeout })
  } catch (error) {
    const blank = await page.evaluate(`(${blankCharts.toString()})()`)
    throw new Error(`${what}: charts with data but no drawn marks: ${blank.join(', ') || error.message}`)
  }
  return page.evaluate(() => document.querySelectorAll('.chart[data-values]').length)
}

/** Runs in the page: the titles of the charts holding values with no pixel of a series colour in their plot. */
function blankCharts() {
  const root = getComputedStyle(document.documentElement)
  const rgb = (hex) => {
    const h = hex.trim().replace('#', '')
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16))
  }
  const colours = ['--accent', '--bad', '--warn', '--ok', '--sleep'].map((v) => rgb(root.getPropertyValue(v)))
  const blank = []
  for (const chart of document.querySelectorAll('.chart[data-values]')) {
    if (Number(chart.dataset.values) === 0) continue
    const canvas = chart.querySelector('canvas')
    const ratio = canvas ? canvas.width / canvas.clientWidth : 1
    const top = Math.ceil(34 * ratio)
    let marks = 0
    if (canvas && canvas.width > 0 && canvas.height > top) {
      const pixels = canvas.getContext('2d').getImageData(0, top, canvas.width, canvas.height - top).data
      for (let i = 0; i < pixels.length && marks < 6; i += 4) {
        if (pixels[i + 3] < 200) continue
        const near = colours.some(([r, g, b]) => Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b) < 40)
        if (near) marks++
      }
    }
    if (marks < 6) blank.push(chart.getAttribute('aria-label'))
  }
  return blank
}

/**
 * Fails when the page scrolls sideways or a visible element sticks out of the viewport, except
 * inside a container that scrolls sideways on purpose (the navigation strip, code, logs).
 */
export async function expectNothingClipped(page, what) {
  const problems = await page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const out = []
    if (document.documentElement.scrollWidth > width + 1) out.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${width} px)`)
    const scrolls = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p)
        if (/(auto|scroll|hidden)/.test(style.overflowX) && p.scrollWidth > p.clientWidth + 1) return true
      }
      return false
    }
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest('.skip, .sr-only, dialog:not([open]), [role=tooltip], option')) continue
      const rect = el.getBoundingClientRect()
      if (rect.width === 0 || rect.height === 0) continue
      const style = getComputedStyle(el)
      if (style.visibility === 'hidden' || style.display === 'none') continue
      if ((rect.left < -1 || rect.right > width + 1) && !scrolls(el)) {
        const name = `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}`
        out.push(`${name} "${(el.textContent ?? '').trim().slice(0, 40)}" spans ${Math.round(rect.left)}..${Math.round(rect.right)} px`)
        if (out.length > 8) break
      }
    }
    return out
  })
  if (problems.length) throw new Error(`${what} at ${await page.evaluate(() => innerWidth)} px: ${problems.join('; ')}`)
}

/** Fails when the element (a shown tooltip) is not wholly inside the viewport. */
export async function expectInViewport(page, locator, what) {
  const box = await locator.boundingBox()
  const width = await page.evaluate(() => document.documentElement.clientWidth)
  if (!box || box.x < 0 || box.x + box.width > width) {
    throw new Error(`${what} is cut at the screen's edge: ${JSON.stringify(box)} in ${width} px`)
  }
}

/** Minutes of metrics: `busy(i)` says whether minute i had requests (values for every field) or none (nulls). */
export function metricsPoints(count, busy, now = Date.now()) {
  const start = Math.floor(now / 60_000) * 60_000 - count * 60_000
  return Array.from({ length: count }, (_, i) => {
    const time = new Date(start + i * 60_000).toISOString()
    if (!busy(i)) return { time, requests: 0, errors: 0, inFlight: 0, queueDepth: 0, replicas: 1, cost: 0 }
    return {
      time,
      requests: 3 + (i % 4),
      errors: i % 3 === 0 ? 1 : 0,
      latencyMs: { p50: 80 + i, p95: 140 + i, p99: 200 + i },
      ttftMs: { p50: 20 + (i % 5), p99: 45 + (i % 7) },
      tokensPerSecond: 30 + (i % 9),
      inFlight: 1 + (i % 2),
      queueDepth: i % 2,
      replicas: 1 + (i % 2),
      cost: 0.001 * (1 + (i % 3)),
    }
  })
}

export function metricsAnswer(endpoint, points) {
  const busy = points.filter((p) => p.latencyMs)
  return {
    endpoint,
    from: points[0].time,
    to: new Date(Date.parse(points.at(-1).time) + 60_000).toISOString(),
    step: 'PT1M',
    points,
    totals: {
      requests: points.reduce((n, p) => n + p.requests, 0),
      errors: points.reduce((n, p) => n + p.errors, 0),
      latencyMs: busy.length ? busy[0].latencyMs : undefined,
      ttftMs: busy.length ? busy[0].ttftMs : undefined,
      promptTokens: 100,
      completionTokens: 200,
      cost: 0.01,
    },
  }
}

const STATES = ['Running', 'Running', 'Running', 'Stopped', 'Sleeping', 'DeployFailed', 'Startup', 'RuntimeError']

/** `n` endpoints in a mix of states, as GET /api/v1/endpoints answers them. */
export function manyEndpoints(n) {
  const items = Array.from({ length: n }, (_, i) => {
    const state = STATES[i % STATES.length]
    const running = state === 'Running'
    return {
      id: `ep-${i}`,
      name: `bulk-${String(i).padStart(3, '0')}`,
      state,
      stateReason: state.endsWith('Failed') || state === 'RuntimeError' ? 'the replica exited with code 1' : undefined,
      model: 'tiny',
      runtime: 'llama.cpp',
      replicas: running ? 2 : 0,
      readyReplicas: running ? (i % 5 === 0 ? 1 : 2) : 0,
      minReplicas: 1,
      maxReplicas: 2,
      actions: running ? ['stop', 'restart', 'scale', 'delete'] : ['start', 'delete'],
    }
  })
  return { items, page: 0, size: 500, total: n }
}

// The server's message catalog (code → English template) and its Chinese, read as the UI reads them.
const SERVER_DIR = new URL('../src/i18n/server/', import.meta.url)
const ENGLISH = JSON.parse(readFileSync(new URL('codes.json', SERVER_DIR), 'utf8'))
const CHINESE = Object.fromEntries(
  [...readFileSync(new URL('zh-CN.ts', SERVER_DIR), 'utf8').matchAll(/^ {2}'([^']+)':\s*'([^']*)'/gm)].map((m) => [m[1], m[2]]),
)

/**
 * The English sentences the server writes, as patterns a page's text could match: each template
 * with any text in place of its parameters, where its own words are at least two and 12 characters
 * (not a bare noun such as "API key", which code samples use too); a template its
 * Chinese matches as it is (a command, a setting's name) is no sign of English.
 */
export function englishServerPatterns(english = ENGLISH, chinese = CHINESE) {
  const patterns = []
  for (const [code, template] of Object.entries(english)) {
    const literal = template.split(/\{\w+\}/)
    const words = literal.join(' ').trim()
    if ((words.match(/[A-Za-z]{3,}/g) ?? []).length < 2 || words.length < 12) continue
    const escaped = literal.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    const pattern = new RegExp(escaped.join('.+?'))
    if (pattern.test((chinese[code] ?? '').replace(/\{\w+\}/g, 'x'))) continue
    patterns.push({ code, pattern })
  }
  return patterns
}

const PATTERNS = englishServerPatterns()
const CODES = Object.keys(ENGLISH)

/** Runs in the page: the text a reader sees, each element's on its own line, leaving out code (samples, logs). */
function shownText() {
  const lines = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement
    if (!parent || parent.closest('pre, code, script, style, [data-testid=log]')) continue
    if (!parent.checkVisibility() || !node.textContent.trim()) continue
    lines.push(parent.textContent === node.textContent ? node.textContent.trim() : parent.innerText.trim())
  }
  return [...new Set(lines)].join('\n')
}

/**
 * Fails when the page shows a server message code as it is (a key the UI did not translate), or,
 * in Chinese, an English sentence of the server's catalog: everything the server writes must reach
 * the reader in the chosen language. Answers how many server messages the page was checked for.
 */
export async function expectServerTextTranslated(page, locale, what) {
  const text = await page.evaluate(shownText)
  const raw = CODES.filter((code) => new RegExp(`(^|[^\\w.-])${code.replace(/[.]/g, '\\.')}($|[^\\w.-])`).test(text))
  const lines = text.split('\n')
  const english = []
  if (locale !== 'en') {
    for (const { code, pattern } of PATTERNS) {
      const line = lines.find((l) => pattern.test(l))
      if (line) english.push({ code, line: line.trim().slice(0, 120) })
    }
  }
  const problems = [
    ...raw.map((code) => `the raw code ${code}`),
    ...english.map(({ code, line }) => `English "${line}" (${code})`),
  ]
  if (problems.length) throw new Error(`${what} in ${locale} shows untranslated server text: ${problems.join('; ')}`)
}
