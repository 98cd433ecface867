// The console's pages, visited in both languages and both themes (a screenshot each) and on a
// 390 px wide phone, where nothing may stick out of the screen; no page may show a server message
// untranslated.
import { expectInViewport, expectNothingClipped, expectServerTextTranslated } from './checks.mjs'

export const PAGES = [
  { name: 'overview', path: '/overview', ready: '[data-testid=overview]' },
  { name: 'models', path: '/models', ready: 'tr[data-model]' },
  { name: 'model-detail', path: '/models/tiny', ready: '.timeline li' },
  { name: 'endpoints', path: '/endpoints', ready: 'tr[data-endpoint]' },
  { name: 'endpoint-detail', path: '/endpoints/tiny-chat', ready: '[data-testid=endpoint-state]' },
  { name: 'endpoint-events', path: '/endpoints/tiny-chat?tab=events', ready: '.event-message' },
  { name: 'wizard', path: '/endpoints/new?model=tiny', ready: '[data-testid=memory-estimate]' },
  { name: 'playground', path: '/playground', ready: 'main h1' },
  { name: 'usage', path: '/usage', ready: '[data-testid=usage-table], [data-testid=usage-empty]' },
  { name: 'api-keys', path: '/api-keys', ready: 'main h1' },
  { name: 'users', path: '/users', ready: '[data-testid=users-table] tr[data-user]' },
  { name: 'settings', path: '/settings', ready: '[data-testid=server-settings] [data-group=worker]' },
  { name: 'not-found', path: '/no/such/page', ready: '[data-testid=not-found]' },
]

/** What the sidebar says in each language: a page in Chinese must not show the English one. */
const SIDEBAR = {
  en: { overview: 'Overview', usage: 'Usage', users: 'Users', settings: 'Settings' },
  'zh-CN': { overview: '概览', usage: '用量', users: '用户', settings: '设置' },
}

async function choose(page, base, locale, theme) {
  await page.goto(`${base}/overview`)
  await page.selectOption('[data-testid=language]', locale)
  await page.selectOption('[data-testid=theme]', theme)
}

async function visit(page, base, p, locale) {
  await page.goto(`${base}${p.path}`)
  await page.locator(p.ready).first().waitFor()
  for (const [key, label] of Object.entries(SIDEBAR[locale])) {
    const text = (await page.locator(`[data-nav=${key}]`).innerText()).trim()
    if (text !== label) throw new Error(`${p.path} in ${locale}: the sidebar says "${text}" for ${key}, not "${label}"`)
  }
  await page.waitForLoadState('networkidle').catch(() => {})
  await expectServerTextTranslated(page, locale, p.path)
}

/** Every page in en and zh-CN, light and dark: one full-page screenshot each. */
export async function everyPageInEveryLook(page, base, screenshot) {
  for (const locale of ['en', 'zh-CN']) {
    for (const theme of ['light', 'dark']) {
      await choose(page, base, locale, theme)
      for (const p of PAGES) {
        await visit(page, base, p, locale)
        await screenshot(`page-${p.name}-${locale}-${theme}`)
      }
    }
  }
}

/** Every page on a 390 px wide screen in both languages: nothing clipped, tooltips inside the screen. */
export async function everyPageOnAPhone(page, base, screenshot) {
  const desktop = page.viewportSize()
  await page.setViewportSize({ width: 390, height: 844 })
  try {
    for (const locale of ['en', 'zh-CN']) {
      await choose(page, base, locale, 'light')
      for (const p of PAGES) {
        await visit(page, base, p, locale)
        await page.waitForLoadState('networkidle').catch(() => {})
        await expectNothingClipped(page, `${p.path} in ${locale}`)
        await screenshot(`phone-${p.name}-${locale}`)
      }
      await page.goto(`${base}/endpoints/new?model=tiny`)
      const help = page.locator('.help').first()
      await help.locator('button').hover()
      await expectInViewport(page, help.locator('[role=tooltip]'), `a help tooltip in ${locale}`)
      await screenshot(`phone-tooltip-${locale}`)
    }
  } finally {
    await page.setViewportSize(desktop)
  }
}
