// queryCoverage: the share of a question's weight (idf over the workspace) that a chunk holds, which the assistant
// declines on. A word the workspace never uses weighs the most.
import { beforeAll, describe, expect, it } from 'vitest'
import { testContext } from '../../../test/helpers/database.js'
import type { ServiceContext } from '../../lib/context.js'
import { ingestMessages } from '../messages/index.js'
import { indexMessages } from '../pipeline/index.js'
import { queryCoverage } from './chunk-rankings.js'

let ctx: ServiceContext
const chunkOf = new Map<string, string>()

beforeAll(async () => {
  ctx = await testContext()
  const texts = {
    rare: 'The TLS certificate expires in March',
    common: 'The deploy went fine, deploy again tomorrow',
    both: 'The certificate deploy is scheduled',
  }
  const filler = Array.from({ length: 20 }, (_, n) => [`f${n}`, `deploy number ${n} finished`])
  const stored = await ingestMessages(ctx, {
    source: { type: 'api', name: 'coverage' },
    messages: [...Object.entries(texts), ...filler].map(([id, content], n) => ({
      externalId: id,
      conversation: { externalId: 'ops' },
      sentAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
      content,
    })),
  })
  await indexMessages(ctx, stored.changedMessageIds)
  const rows = await ctx.database.query<{ id: string; external_id: string }>(
    `SELECT c.id, m.external_id FROM chunks c JOIN messages m ON m.id = c.owner_id WHERE c.workspace_id = $1`,
    [ctx.workspaceId],
  )
  for (const r of rows) chunkOf.set(r.external_id, r.id)
})

describe('query coverage', () => {
  it('weighs each query word by its idf over the workspace', async () => {
    const ids = ['rare', 'common', 'both'].map((k) => chunkOf.get(k)!)
    const coverage = await queryCoverage(ctx, { q: 'certificate deploy', chunkIds: ids })
    const [rare, common, both] = ids.map((id) => coverage.get(id)!)
    expect(both).toBeCloseTo(1, 6)
    // "certificate" is in 2 of 23 chunks, "deploy" in 22: the chunk with the rare word covers most of the question.
    expect(rare).toBeGreaterThan(0.8)
    expect(common).toBeLessThan(0.2)
    expect(rare + common).toBeCloseTo(1, 6)
  })

  it('a word the workspace never uses leaves a question mostly uncovered, however well its common words match', async () => {
    const id = chunkOf.get('common')!
    const coverage = await queryCoverage(ctx, { q: 'deploy supersonic wingspan', chunkIds: [id] })
    expect(coverage.get(id)).toBeLessThan(0.1)
    const none = await queryCoverage(ctx, { q: 'the of and', chunkIds: [id] })
    expect(none.get(id)).toBe(0)
  })
})
