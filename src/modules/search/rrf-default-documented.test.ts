// docs/search.md once said rrfK defaults to 60 while the code fused with 10: the page must state the code's value.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { defaultRrfK } from './reciprocal-rank-fusion.js'

const searchPage = readFileSync(new URL('../../../docs/search.md', import.meta.url), 'utf8')

describe('the documented rrfK default', () => {
  it('is the one the fusion uses', () => {
    const stated = [...searchPage.matchAll(/k = (\d+) by default \(`rrfK`/g)].map((m) => Number(m[1]))
    const inExample = [...searchPage.matchAll(/[?&]rrfK=(\d+)/g)].map((m) => Number(m[1]))
    expect(stated).toEqual([defaultRrfK])
    expect(inExample.every((k) => k === defaultRrfK)).toBe(true)
  })
})
