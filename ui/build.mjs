// Builds the web UI for the Maven build (server module, generate-resources): installs the npm
// packages when package-lock.json changed and runs `npm run build` when a source is newer than
// the last build, so a build with an unchanged UI costs well under a second.
//
// `npm install`, not `npm ci`: the registry our machines reach serves only this platform's builds
// of packages such as rollup's native binaries, so the lock cannot list the other platforms'
// optional ones, which `npm ci` insists on. The versions still come from package-lock.json.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = import.meta.dirname
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const stamp = join(root, 'dist', '.built')
const installed = join(root, 'node_modules', '.package-lock.json')
const inputs = ['src', 'public', 'index.html', 'package-lock.json', 'openapi.json', 'vite.config.ts', 'tsconfig.json', 'bundle-budget.mjs']

function newest(path) {
  const full = join(root, path)
  if (!existsSync(full)) return 0
  const stat = statSync(full)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(full).map((name) => newest(join(path, name))))
}

function run(...args) {
  try {
    execFileSync(npm, args, { cwd: root, stdio: 'inherit' })
  } catch (e) {
    console.error(`hangar-ui: npm ${args.join(' ')} failed; the messages above say why`)
    process.exit(e.status ?? 1)
  }
}

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`The web UI needs Node.js 20.19 or newer to build; this is ${process.version}.`)
  process.exit(1)
}

if (!existsSync(installed) || statSync(installed).mtimeMs < newest('package-lock.json')) {
  run('install', '--no-audit', '--no-fund')
}
const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0
if (Math.max(...inputs.map(newest)) > builtAt) {
  run('run', 'build')
  writeFileSync(stamp, new Date().toISOString() + '\n')
} else {
  console.log('hangar-ui: up to date')
}
