// Compiles src/ to dist/ (one JavaScript file per TypeScript file, no bundling) for a fast `signalbox` start-up:
// bin/signalbox.js runs dist/ when it is newer than every source, else the TypeScript through tsx (seconds slower).
// Runs at `npm install` (the `prepare` script) and takes a second or two; `npm run build` is the type-checked build.
/* global console */
import fs from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'

const root = path.resolve(import.meta.dirname, '..')
const src = path.join(root, 'src')
const dist = path.join(root, 'dist')

const sources = fs
  .readdirSync(src, { recursive: true })
  .map(String)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
  .map((file) => path.join(src, file))

const started = Date.now()
await build({ entryPoints: sources, outdir: dist, outbase: src, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' })
// The migrations are read from beside db/client.js at run time.
fs.rmSync(path.join(dist, 'db', 'migrations'), { recursive: true, force: true })
fs.cpSync(path.join(src, 'db', 'migrations'), path.join(dist, 'db', 'migrations'), { recursive: true })
fs.writeFileSync(path.join(dist, '.build-stamp'), new Date().toISOString() + '\n')
console.log(`build-cli: ${sources.length} files compiled to dist/ in ${Date.now() - started} ms`)
