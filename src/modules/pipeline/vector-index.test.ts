import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.js'
import { freshDatabase } from '../../../test/helpers/database.js'
import { integerVectorLiteral, vectorFromIntegers } from './vector-index.js'

describe('vectors passed as scaled integers', () => {
  let database: Database
  beforeAll(async () => {
    database = await freshDatabase()
  })
  afterAll(() => database.close())

  const throughSql = async (vector: number[]) => {
    const [row] = await database.query<{ v: string }>(`SELECT ${vectorFromIntegers('$1')}::text AS v`, [integerVectorLiteral(vector)])
    return JSON.parse(row.v) as number[]
  }

  it('arrive as the unit vector of the input, within float4 precision', async () => {
    // Components of very different sizes, negative ones, and a norm far from 1 (remote models need not normalise).
    const vector = Array.from({ length: 384 }, (_, i) => 40 * Math.sin(i * 1.7) * (i % 7 === 0 ? 0.001 : 1))
    const norm = Math.hypot(...vector)
    const back = await throughSql(vector)
    expect(back).toHaveLength(384)
    for (let i = 0; i < vector.length; i++) expect(Math.abs(back[i] - vector[i] / norm)).toBeLessThan(1e-6)
    expect(Math.hypot(...back)).toBeCloseTo(1, 6)
  })

  it('keep a zero vector zero and refuse what is not a number', async () => {
    expect(await throughSql([0, 0, 0])).toEqual([0, 0, 0])
    expect(integerVectorLiteral([0.5, -0.25])).toBe('{1000000,-500000}')
    await expect(throughSql([Number.NaN, 1])).rejects.toThrow()
  })
})
