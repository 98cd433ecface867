// The web UI end to end, in a real browser against a real server (started by UiEndToEndIT):
// log in, import a model, deploy it through the wizard, watch it reach Running, stream a playground
// answer, read the endpoint page in Chinese, stop the endpoint. Saves a screenshot of every page.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { launch } from './chromium.mjs'

const base = required('HANGAR_URL')
const password = required('HANGAR_PASSWORD')
const modelPath = required('HANGAR_E2E_MODEL')
const shots = join(import.meta.dirname, 'screenshots')
mkdirSync(shots, { recursive: true })

function required(name) {
  const value = process.env[name]
  if (!value) throw new Error(`set ${name}`)
  return value
}

const context = await launch()
const page = context.pages()[0] ?? (await context.newPage())
page.setDefaultTimeout(20_000)
const uncaught = []
page.on('pageerror', (error) => uncaught.push(error))

let shot = 0
async function screenshot(name) {
  await page.waitForLoadState('networkidle').catch(() => {})
  const file = join(shots, `${String(++shot).padStart(2, '0')}-${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  console.log(`e2e: ${file}`)
}

async function step(title, body) {
  const started = Date.now()
  await body()
  console.log(`e2e: ok ${title} (${Date.now() - started} ms)`)
}

const state = (name) => page.locator(`[data-testid="endpoint-state"][data-state="${name}"]`)

try {
  await step('log in', async () => {
    await page.goto(base)
    await page.waitForURL('**/login?next=**')
    await page.getByText('admin-password').waitFor()
    await screenshot('login')
    await page.fill('input[name=password]', password)
    await page.press('input[name=password]', 'Enter')
    await page.waitForURL('**/overview')
    await page.locator('[data-testid=overview-empty]').waitFor()
  })

  await step('import a model from a local path', async () => {
    await page.click('a[href="/models"]')
    await page.click('[data-testid=import-model]')
    await page.fill('input[name=path]', modelPath)
    await page.fill('input[name=name]', 'tiny')
    await screenshot('import-dialog')
    await page.click('[data-testid=import-submit]')
    await page.locator('tr[data-model=tiny] [data-state=ready]').waitFor({ timeout: 30_000 })
    await screenshot('models')
    await page.click('tr[data-model=tiny] a')
    await page.getByRole('heading', { name: 'Chat template' }).waitFor()
    await page.locator('.timeline li', { hasText: 'headers valid' }).waitFor()
    await screenshot('model-detail')
  })

  await step('upload a model with a progress bar', async () => {
    await page.click('a[href="/models"]')
    await page.click('[data-testid=import-model]')
    await page.click('[data-testid=source-upload]')
    await page.setInputFiles('input[type=file]', modelPath)
    await page.fill('input[name=name]', 'tiny-uploaded')
    await page.click('[data-testid=import-submit]')
    await page.locator('tr[data-model=tiny-uploaded] [data-state=ready]').waitFor({ timeout: 30_000 })
    await page.goto(`${base}/models/tiny`)
  })

  await step('a refused deployment names the engine argument', async () => {
    await page.click('[data-testid=deploy-model]')
    await page.waitForURL('**/endpoints/new?model=tiny')
    await page.locator('[data-runtime="llama.cpp"] input:checked').waitFor()
    await page.fill('input[name=name]', 'tiny-chat')
    await page.fill('#arg-ctx-size', '0')
    await page.click('[data-testid=deploy]')
    await page.locator('[data-arg="ctx-size"] .field-error').waitFor()
    await screenshot('wizard-refused')
  })

  await step('deploy through the wizard and watch the stepper reach Running', async () => {
    await page.fill('#arg-ctx-size', '512')
    await page.locator('[data-arg="ctx-size"] [data-testid=changed]').waitFor()
    await page.locator('[data-testid=memory-estimate]', { hasText: 'ctx 512' }).waitFor()
    await page.locator('[data-resource=cpu-small]', { hasText: 'Fits: one replica needs' }).waitFor()
    await page.click('[data-testid=deploy]')
    await page.waitForURL('**/endpoints/tiny-chat')
    await page.locator('[data-step=validate]').waitFor()
    await state('Running').waitFor({ timeout: 120_000 })
    await page.locator('[data-testid=progress-percent]', { hasText: '100%' }).waitFor()
    await page.locator('[data-step=verify].done').waitFor()
    await screenshot('endpoint-running')
  })

  await step('the tabs of a running endpoint', async () => {
    await page.click('[data-tab=events]')
    await page.getByText('replica #0 ready').first().waitFor()
    await screenshot('endpoint-events')
    await page.click('[data-tab=logs]')
    await page.click('[data-testid=log-follow]')
    await page.locator('[data-testid=log]', { hasText: 'hangar worker ready' }).waitFor()
    await screenshot('endpoint-logs')
    await page.click('[data-tab=metrics]')
    await page.locator('[data-testid=metrics-empty], canvas').first().waitFor()
    await screenshot('endpoint-metrics')
  })

  await step('the playground streams an answer', async () => {
    await page.click('[data-tab=overview]')
    await page.getByRole('link', { name: 'Try it in the playground' }).click()
    await page.waitForURL('**/playground?endpoint=tiny-chat')
    await page.fill('[data-testid=playground-user]', 'Say hello')
    await page.click('[data-testid=playground-send]')
    await page.locator('[data-testid=stat-latency]').filter({ hasNotText: '—' }).waitFor({ timeout: 60_000 })
    const answer = await page.locator('[data-testid=playground-output]').innerText()
    if (!answer.trim() || answer.includes('The response appears here')) throw new Error(`no streamed text: ${answer}`)
    await page.locator('.history-item').first().waitFor()
    await page.locator('[data-testid=example-code]', { hasText: `${base}/v1` }).waitFor()
    await screenshot('playground')
  })

  await step('the endpoint page in Chinese', async () => {
    await page.goto(`${base}/endpoints/tiny-chat`)
    await page.selectOption('[data-testid=language]', 'zh-CN')
    await page.getByRole('tab', { name: '概览' }).waitFor()
    await page.locator('[data-testid=endpoint-state]', { hasText: '运行中' }).waitFor()
    await page.getByText('部署进度').waitFor()
    await screenshot('endpoint-zh')
  })

  await step('stop the endpoint and see the actions change', async () => {
    const button = (action) => page.locator(`.page-header [data-action=${action}]`)
    if (!(await button('start').isDisabled()) || (await button('stop').isDisabled())) {
      throw new Error('a running endpoint must offer stop, not start')
    }
    await button('stop').click()
    await state('Stopped').waitFor({ timeout: 60_000 })
    await page.locator('.page-header [data-action=start]:not([disabled])').waitFor()
    if (!(await button('stop').isDisabled()) || !(await button('restart').isDisabled())) {
      throw new Error('a stopped endpoint must not offer stop or restart')
    }
    const why = await page.locator('.page-header [data-action=stop]').locator('..').getAttribute('data-tip')
    if (!why?.includes('已停止')) throw new Error(`the disabled stop button does not say why: ${why}`)
    await page.click('[data-tab=settings]')
    await page.locator('#arg-ctx-size:not([disabled])').waitFor()
    await screenshot('endpoint-stopped-settings')
  })

  await step('endpoints list, API keys, dark mode', async () => {
    await page.selectOption('[data-testid=language]', 'en')
    await page.click('a[href="/api-keys"]')
    await page.fill('[data-testid=key-name]', 'e2e-script')
    await page.click('[data-testid=create-key]')
    await page.locator('[data-testid=created-key]', { hasText: 'hgr_' }).waitFor()
    await screenshot('api-key-created')
    await page.getByRole('button', { name: 'Close' }).click()
    await page.locator('tr[data-key=e2e-script]').waitFor()
    await page.selectOption('[data-testid=theme]', 'dark')
    await page.click('a[href="/endpoints"]')
    await page.locator('tr[data-endpoint=tiny-chat] [data-state=Stopped]').waitFor()
    await screenshot('endpoints-dark')
    await page.setViewportSize({ width: 414, height: 860 })
    await screenshot('endpoints-dark-narrow')
    await page.setViewportSize({ width: 1366, height: 900 })
    await page.goto(`${base}/endpoints/new`)
    await page.selectOption('select[name=model]', 'tiny-uploaded')
    await page.locator('[data-testid=memory-estimate]').waitFor()
    await screenshot('wizard-dark')
  })

  await step('add a provider: a bad URL is named, an unreachable one fails its deployment saying so', async () => {
    await page.goto(`${base}/endpoints`)
    await page.click('[data-testid=new-router]')
    await page.waitForURL('**/endpoints/new-router')
    await page.fill('input[name=name]', 'hosted')
    await page.fill('input[name=baseUrl]', 'ftp://provider.example/v1')
    await page.fill('input[name=apiKey]', 'sk-e2e')
    await page.click('[data-testid=create-router]')
    await page.locator('.field-error', { hasText: 'http://' }).waitFor()
    await page.fill('input[name=baseUrl]', 'http://127.0.0.1:9/v1')
    await page.click('[data-testid=create-router]')
    await page.waitForURL('**/endpoints/hosted')
    await page.locator('[data-state=DeployFailed]').first().waitFor()
    await page.getByText('could not reach the provider').first().waitFor()
    await screenshot('router-failed')
  })

  if (uncaught.length) throw new Error(`uncaught errors in the page: ${uncaught.map(String).join('; ')}`)
  console.log('e2e: passed')
} catch (error) {
  await screenshot('failure').catch(() => {})
  console.error(`e2e: FAILED: ${error.stack ?? error}`)
  process.exitCode = 1
} finally {
  await context.close()
}
