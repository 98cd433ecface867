// Upload recovery end to end: a model whose upload holds part of its file (sent by a client that
// stopped midway) is imported again under its name, which continues it, but the browser aborts that
// request (the connection drops) and the dialog says to resume; the Models page then offers "Resume
// upload", and so does the model's page, whose button continues from the server's confirmed offset.
// The stored file's sha256 equals the local file's.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'

export async function resumeUploadSteps({ page, base, step, screenshot, modelPath }) {
  const name = 'tiny-resumed'
  const bytes = readFileSync(modelPath)
  const file = basename(modelPath)
  const half = Math.floor(bytes.length / 2)

  await step('an interrupted upload resumes from the bytes the server confirmed', async () => {
    const created = await page.request.post(`${base}/api/v1/models`, { data: { name, source: { type: 'upload' } } })
    if (!created.ok()) throw new Error(`registering ${name}: ${created.status()}`)
    const partial = await page.request.put(`${base}/api/v1/models/${name}/files/${file}?offset=0`, {
      data: bytes.subarray(0, half),
      headers: { 'Content-Type': 'application/octet-stream' },
    })
    if (!partial.ok()) throw new Error(`sending the first half: ${partial.status()}`)

    // importing the same name again continues the unfinished upload; its connection drops
    await page.goto(`${base}/models`)
    await page.click('[data-testid=import-model]')
    await page.click('[data-testid=source-upload]')
    await page.setInputFiles('input[type=file]', modelPath)
    await page.fill('input[name=name]', name)
    await page.route('**/api/v1/models/*/files/**', (route) => route.abort('connectionreset'), { times: 1 })
    await page.click('[data-testid=import-submit]')
    await page.locator('[role=alert]', { hasText: 'was interrupted' }).waitFor()
    await screenshot('upload-interrupted')
    await page.getByRole('button', { name: 'Cancel' }).click()

    // the list offers to resume it, and so does the model's page, which resumes it
    let sentFrom = ''
    await page.locator(`tr[data-model=${name}] [data-testid=resume-upload]`).waitFor()
    await page.click(`tr[data-model=${name}] a`)
    await page.click('.page-header [data-testid=resume-upload]')
    await page.locator('[data-testid=upload-held]', { hasText: '1 file(s)' }).waitFor()
    await screenshot('model-detail-resume')
    await page.setInputFiles('input[type=file]', modelPath)
    page.on('request', (request) => {
      if (request.method() === 'PUT') sentFrom = new URL(request.url()).searchParams.get('offset') ?? ''
    })
    await page.click('[data-testid=import-submit]')
    await page.locator('.page-header [data-state=ready]').waitFor({ timeout: 30_000 })
    if (sentFrom !== String(half)) throw new Error(`the resumed upload started at offset ${sentFrom}, not ${half}`)
    await page
      .locator('.page-header [data-testid=resume-upload]')
      .waitFor({ state: 'detached', timeout: 5_000 })
      .catch(() => {
        throw new Error('a complete upload is still offered "Resume upload" on its page')
      })
    await page.goto(`${base}/models`)
    await page.locator(`tr[data-model=${name}] [data-state=ready]`).waitFor()
    if (await page.locator(`tr[data-model=${name}] [data-testid=resume-upload]`).count()) {
      throw new Error('a complete upload is still offered "Resume upload"')
    }
    const model = await (await page.request.get(`${base}/api/v1/models/${name}`)).json()
    const stored = model.files.find((f) => f.name === file)
    const expected = createHash('sha256').update(bytes).digest('hex')
    if (stored?.sha256 !== expected || stored.sizeBytes !== bytes.length) {
      throw new Error(`stored ${JSON.stringify(stored)}, expected ${bytes.length} bytes with sha256 ${expected}`)
    }
  })
}
