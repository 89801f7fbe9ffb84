#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm install` through scripts/build-cli.mjs) when it is at least as new as
// every source file; otherwise the TypeScript through tsx, so an edited clone still runs what its sources say.
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')

function compiledIsCurrent() {
  let built
  try {
    built = fs.statSync(path.join(root, 'dist', '.build-stamp')).mtimeMs
  } catch {
    return false
  }
  const src = path.join(root, 'src')
  for (const file of fs.readdirSync(src, { recursive: true })) {
    const name = String(file)
    if (name.endsWith('.test.ts')) continue
    if (fs.statSync(path.join(src, name)).mtimeMs > built) return false
  }
  return true
}

if (compiledIsCurrent()) {
  await import('../dist/main.js')
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/main.ts')
}
