// The playground end to end: a multi-turn conversation edited, regenerated and sent without
// streaming, two endpoints compared side by side, embeddings compared, a saved session restored,
// and a stopped endpoint that says why Send is off (in English and Chinese).

/** Deploys a second tiny endpoint through the API (the browser's session) for compare mode. */
export async function deploySecond(page, base, name) {
  const created = await page.request.post(`${base}/api/v1/endpoints`, {
    data: { name, model: 'tiny', engineArgs: { 'ctx-size': 512 } },
  })
  if (!created.ok()) throw new Error(`deploying ${name}: ${created.status()} ${await created.text()}`)
}

async function awaitState(page, base, name, state) {
  for (let i = 0; i < 240; i++) {
    const endpoint = await (await page.request.get(`${base}/api/v1/endpoints/${name}`)).json()
    if (endpoint.state === state) return
    await page.waitForTimeout(500)
  }
  throw new Error(`${name} did not reach ${state}`)
}

const column = (page, i) => page.locator(`[data-column="${i}"]`)
const messages = (page, i = 0) => column(page, i).locator('li.message')

/** Waits until the column's last answer is done: its latency shows a time. */
async function answered(page, i = 0) {
  await column(page, i).locator('[data-testid=stat-latency]').filter({ hasText: /\d/ }).waitFor({ timeout: 60_000 })
  const last = messages(page, i).last()
  if ((await last.getAttribute('data-role')) !== 'assistant') throw new Error(`column ${i} ends without an answer`)
  const text = (await last.locator('.content').innerText()).trim()
  if (!text) throw new Error(`column ${i}: the answer is empty`)
}

async function expectCount(locator, count, what) {
  await locator.nth(count - 1).waitFor()
  const n = await locator.count()
  if (n !== count) throw new Error(`${what}: ${n}, expected ${count}`)
}

export async function playgroundSteps({ page, base, step, screenshot }) {
  const second = 'tiny-compare'

  await step('the playground holds a conversation: edit, regenerate, delete, not streamed', async () => {
    await deploySecond(page, base, second)
    await page.click('[data-tab=overview]')
    await page.getByRole('link', { name: 'Try it in the playground' }).click()
    await page.waitForURL('**/playground?endpoint=tiny-chat')
    await page.fill('textarea[name=system]', 'You are terse.')
    await page.fill('input[name=max_tokens]', '12')
    await page.fill('[data-testid=playground-user]', 'Say hello')
    await page.click('[data-testid=playground-send]')
    await answered(page)
    const speed = await column(page, 0).locator('[data-testid=stat-speed]').innerText()
    if (!/\d/.test(speed)) throw new Error(`a streamed answer shows no tokens/s: ${speed}`)

    await page.fill('[data-testid=playground-user]', 'And again')
    await page.click('[data-testid=playground-send]')
    await expectCount(messages(page), 4, 'messages after two turns')
    await answered(page)

    await messages(page).nth(0).locator('[data-action=edit]').click()
    await page.fill('[data-testid=edit-message]', 'Say hi')
    await messages(page).nth(0).locator('[data-action=save]').click()
    await messages(page).nth(0).locator('.content', { hasText: 'Say hi' }).waitFor()

    const before = await messages(page).nth(3).locator('.content').innerText()
    await messages(page).nth(3).locator('[data-action=regenerate]').click()
    await answered(page)
    await expectCount(messages(page), 4, 'messages after regenerating the last answer')
    console.log(`e2e: regenerated "${before.slice(0, 30)}" as "${(await messages(page).nth(3).locator('.content').innerText()).slice(0, 30)}"`)

    await messages(page).nth(3).locator('[data-action=delete]').click()
    await expectCount(messages(page), 3, 'messages after deleting the last answer')
    await page.uncheck('[data-testid=stream]')
    await page.click('[data-testid=playground-send]')
    await answered(page)
    await expectCount(messages(page), 4, 'messages after answering without streaming')
    await column(page, 0).locator('[data-testid=not-streamed]').waitFor()
    if (await column(page, 0).locator('[data-testid=stat-speed]').count()) {
      throw new Error('a non-streamed answer must not show tokens/s')
    }
    await page.check('[data-testid=stream]')

    await page.locator('[data-testid=example-code]', { hasText: `${base}/v1` }).waitFor()
    await page.locator('[data-testid=example-code]', { hasText: '"content": "And again"' }).waitFor()
    await page.fill('[data-testid=session-name]', 'e2e session')
    await page.click('[data-testid=save-session]')
    await page.locator('[data-session="e2e session"]').waitFor()
    await screenshot('playground')
  })

  await step('compare mode: two endpoints answer the same conversation side by side', async () => {
    await awaitState(page, base, second, 'Running')
    await page.click('[data-tab=compare]')
    await column(page, 1).waitFor()
    // the page reads the endpoints' states again by itself: the second one becomes selectable as Running
    await column(page, 1).locator(`option[value="${second}"]`, { hasNotText: '—' }).waitFor({ state: 'attached' })
    await column(page, 1).locator('[data-testid=playground-endpoint]').selectOption(second)
    await page.fill('[data-testid=playground-user]', 'Compare this')
    await page.click('[data-testid=playground-send]')
    await answered(page, 0)
    await answered(page, 1)
    for (const i of [0, 1]) {
      await column(page, i).locator('li.message[data-role=user]').last().filter({ hasText: 'Compare this' }).waitFor()
      await column(page, i).locator('[data-testid=stat-ttft]').filter({ hasText: /\d/ }).waitFor()
      await column(page, i).locator('[data-testid=stat-speed]').filter({ hasText: /\d/ }).waitFor()
    }
    if ((await column(page, 1).getAttribute('data-endpoint')) !== second) throw new Error('the second column is not tiny-compare')
    await screenshot('playground-compare')
  })

  await step('embeddings: a similarity matrix of the inputs', async () => {
    await page.click('[data-tab=embeddings]')
    await page.fill('[data-testid=embeddings-inputs]', 'A cat sits on the mat.\nA kitten rests on a rug.\nStock prices fell today.')
    await page.click('[data-testid=embeddings-run]')
    const matrix = page.locator('[data-testid=similarity-matrix]')
    await matrix.waitFor({ timeout: 60_000 })
    await expectCount(matrix.locator('tbody tr'), 3, 'matrix rows')
    for (let i = 0; i < 3; i++) {
      const diagonal = Number(await matrix.locator('tbody tr').nth(i).locator('td').nth(i).getAttribute('data-value'))
      if (Math.abs(diagonal - 1) > 1e-6) throw new Error(`an input compared with itself gives ${diagonal}, not 1`)
    }
    await screenshot('playground-embeddings')
  })

  await step('a stopped endpoint is listed with its state; Send is off and says why, in both languages', async () => {
    const stopped = await page.request.post(`${base}/api/v1/endpoints/${second}/stop`)
    if (!stopped.ok()) throw new Error(`stopping ${second}: ${stopped.status()}`)
    await awaitState(page, base, second, 'Stopped')
    await page.goto(`${base}/playground?endpoint=${second}`)
    await page.locator(`[data-testid=playground-endpoint] option[value="${second}"]`, { hasText: 'Stopped' }).waitFor({ state: 'attached' })
    await page.locator('[data-testid=endpoint-not-ready]', { hasText: `${second} is Stopped` }).waitFor()
    await page.locator(`[data-testid=endpoint-not-ready] a[href="/endpoints/${second}"]`).waitFor()
    await page.fill('[data-testid=playground-user]', 'Anyone there?')
    if (!(await page.locator('[data-testid=playground-send]').isDisabled())) throw new Error('Send is on for a stopped endpoint')
    await page.locator('[data-testid=send-blocked]', { hasText: `${second} is Stopped` }).waitFor()
    await page.selectOption('[data-testid=language]', 'zh-CN')
    await page.locator('[data-testid=send-blocked]', { hasText: '已停止' }).waitFor()
    await screenshot('playground-stopped-zh')
    await page.selectOption('[data-testid=language]', 'en')
  })

  await step('a saved session comes back', async () => {
    await page.locator('[data-session="e2e session"] button').first().click()
    await expectCount(messages(page), 4, 'messages of the restored session')
    await messages(page).nth(0).locator('.content', { hasText: 'Say hi' }).waitFor()
    if ((await page.inputValue('textarea[name=system]')) !== 'You are terse.') throw new Error('the system prompt was not restored')
  })
}
