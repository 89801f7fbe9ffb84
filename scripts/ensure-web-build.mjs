// Builds the web app into web/dist when it is missing or older than any file under web/ (sources, index.html,
// vite config), so `npm start` always serves the current UI without a separate build step.
/* global process, console */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnSync } from 'node:child_process'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const webDir = join(root, 'web')
const builtIndex = join(webDir, 'dist', 'index.html')

function newestSourceTime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    const time = entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs
    if (time > newest) newest = time
  }
  return newest
}

export function webBuildIsStale() {
  if (!existsSync(builtIndex)) return true
  return newestSourceTime(webDir) > statSync(builtIndex).mtimeMs
}

export function buildWeb() {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js')
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join(webDir, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // A test runner's NODE_ENV=test would otherwise give React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (result.status !== 0) throw new Error(`web build failed (exit ${result.status})`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!existsSync(join(webDir, 'index.html'))) process.exit(0)
  if (webBuildIsStale()) {
    console.error('Building the web app into web/dist ...')
    try {
      buildWeb()
    } catch (error) {
      console.error(String(error instanceof Error ? error.message : error))
      process.exit(1)
    }
  }
}
