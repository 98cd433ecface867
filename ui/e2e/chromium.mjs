// Debian's chromium for the end-to-end test, and a Chinese font so that the screenshots of the
// Chinese pages are readable: installed with apt when missing (CI runs as root).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

export const CHROMIUM = process.env.HANGAR_E2E_CHROMIUM ?? '/usr/bin/chromium'

const CHINESE_FONT = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc'

export function ensureChromium() {
  const missing = [
    ...(existsSync(CHROMIUM) ? [] : ['chromium']),
    ...(existsSync(CHINESE_FONT) ? [] : ['fonts-wqy-zenhei']),
  ]
  if (missing.length === 0) return
  if (!existsSync(CHROMIUM) && process.getuid?.() !== 0) {
    throw new Error(`${CHROMIUM} is missing; install Debian's chromium package (apt-get install chromium) and run again`)
  }
  if (process.getuid?.() !== 0) return
  console.log(`e2e: installing ${missing.join(' and ')} with apt-get`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env })
}

/** A headless browser with a new, empty profile, removed when the context closes. */
export async function launch() {
  ensureChromium()
  const profile = mkdtempSync(join(tmpdir(), 'hangar-e2e-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 900 },
    locale: 'en-US',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--no-first-run',
    ],
  })
  // Chromium may still be writing its caches as the context closes: retry, and never fail the run for it.
  context.on('close', () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
    } catch (error) {
      console.warn(`e2e: could not remove the browser profile ${profile}: ${error.message}`)
    }
  })
  return context
}
