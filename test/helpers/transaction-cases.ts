// The behaviour of inTransaction, checked on whichever database a test file opens (embedded PGlite or a server).
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import type { Database } from '../../src/db/client.js'
import { inTransaction } from '../../src/db/transaction.js'
import { workspaces } from '../../src/modules/workspaces/schema.js'

async function slugsLike(database: Database, prefix: string) {
  const rows = await database.query<{ slug: string }>(`SELECT slug FROM workspaces WHERE slug LIKE $1 ORDER BY slug`, [`${prefix}%`])
  return rows.map((r) => r.slug)
}

export function transactionCases(open: () => Promise<Database>) {
  it('commits raw statements and Drizzle builders together when the work resolves', async () => {
    const database = await open()
    const id = await inTransaction({ database }, async (tx) => {
      const [row] = await tx.query<{ id: string }>(`INSERT INTO workspaces (name, slug) VALUES ('A', 'tx-commit-a') RETURNING id`)
      await tx.db.insert(workspaces).values({ name: 'B', slug: 'tx-commit-b' })
      return row.id
    })
    expect(await slugsLike(database, 'tx-commit-')).toEqual(['tx-commit-a', 'tx-commit-b'])
    expect(typeof id).toBe('string')
  })

  it('rolls back both kinds of statement when the work throws', async () => {
    const database = await open()
    await expect(
      inTransaction({ database }, async (tx) => {
        await tx.query(`INSERT INTO workspaces (name, slug) VALUES ('A', 'tx-rollback-a')`)
        await tx.db.insert(workspaces).values({ name: 'B', slug: 'tx-rollback-b' })
        throw new Error('stop here')
      }),
    ).rejects.toThrow('stop here')
    expect(await slugsLike(database, 'tx-rollback-')).toEqual([])
  })

  it('a builder inside the transaction sees a raw write made before it, and rows keep their column types', async () => {
    const database = await open()
    await inTransaction({ database }, async (tx) => {
      await tx.query(`INSERT INTO workspaces (name, slug) VALUES ('Seen', 'tx-seen')`)
      const [seen] = await tx.db.select().from(workspaces).where(eq(workspaces.slug, 'tx-seen'))
      expect(seen.name).toBe('Seen')
      const [raw] = await tx.query<{ created_at: Date }>(`SELECT created_at FROM workspaces WHERE slug = 'tx-seen'`)
      expect(raw.created_at).toBeInstanceOf(Date)
    })
  })
}
