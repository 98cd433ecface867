// Fails the UI build when the JavaScript a browser loads before the first page shows (the entry
// script of dist/index.html and the modules it preloads) is over its budget, gzipped. Pages load
// their own code when opened (the router's lazy routes), and ECharts only with a page that draws
// a chart, so this stays small as pages are added.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

export const BUDGET_BYTES = 300 * 1000

/** The paths of the scripts index.html loads at once: module scripts and modulepreload links. */
export function initialScripts(html) {
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? []
  return tags
    .filter((tag) => (tag.startsWith('<script') && /type="module"/.test(tag)) || /rel="modulepreload"/.test(tag))
    .map((tag) => tag.match(/(?:src|href)="([^"]+)"/)?.[1])
    .filter((path) => path && path.endsWith('.js'))
}

export function initialGzipBytes(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8')
  const files = initialScripts(html)
  if (files.length === 0) throw new Error(`no script found in ${join(dist, 'index.html')}`)
  return files.map((file) => ({ file, bytes: gzipSync(readFileSync(join(dist, file.replace(/^\//, '')))).length }))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = initialGzipBytes(join(import.meta.dirname, 'dist'))
  const total = sizes.reduce((sum, s) => sum + s.bytes, 0)
  const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`
  if (total > BUDGET_BYTES) {
    console.error(`hangar-ui: the initial JavaScript is ${kb(total)} gzipped, over its budget of ${kb(BUDGET_BYTES)}:`)
    for (const s of sizes) console.error(`  ${s.file} ${kb(s.bytes)}`)
    console.error('Load what the first page does not need lazily (a route component, defineAsyncComponent, import()).')
    process.exit(1)
  }
  console.log(`hangar-ui: initial JavaScript ${kb(total)} gzipped (budget ${kb(BUDGET_BYTES)})`)
}
