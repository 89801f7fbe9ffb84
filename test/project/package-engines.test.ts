// `npm install` on Node 20 (the README's requirement) must not warn EBADENGINE: every locked package, direct or
// transitive, accepts the Node versions package.json's `engines` promises.
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')
const semver = createRequire(import.meta.url)('semver') as {
  minVersion(range: string): { version: string }
  satisfies(v: string, r: string): boolean
}
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'))

describe('package engines', () => {
  it('every locked package supports the oldest Node that package.json accepts', () => {
    const promised = read('package.json').engines.node as string
    // The oldest version of each line package.json accepts (e.g. 20.19.0 and 22.13.0 for "^20.19.0 || >=22.13.0").
    const nodes = promised.split('||').map((line) => semver.minVersion(line.trim()).version)
    const lock = read('package-lock.json') as { packages: Record<string, { engines?: { node?: string } }> }
    const refusing = Object.entries(lock.packages)
      .filter(([name]) => name !== '')
      .flatMap(([name, entry]) => {
        const range = entry.engines?.node
        if (!range) return []
        const bad = nodes.filter((v) => !semver.satisfies(v, range))
        return bad.length ? [`${name.replace(/^.*node_modules\//, '')} wants node ${range}`] : []
      })
    expect(refusing).toEqual([])
  })
})
