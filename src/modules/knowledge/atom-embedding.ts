// Embeds atoms with the pipeline's configured embedder so that semantic search can reach them. Best effort:
// an embedder failure leaves embedding NULL (the atom stays findable by full text) and is logged.
import type { ServiceContext } from '../../lib/context.js'
import { embedTexts, integerVectorLiteral, vectorFromIntegers } from '../pipeline/index.js'

export async function embedAtoms(ctx: ServiceContext, atomIds: string[]): Promise<number> {
  if (atomIds.length === 0) return 0
  const rows = await ctx.database.query<{ id: string; title: string; content: string }>(
    `SELECT id, title, content FROM atoms WHERE workspace_id = $1 AND embedding IS NULL
       AND id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))`,
    [ctx.workspaceId, JSON.stringify(atomIds)],
  )
  if (rows.length === 0) return 0
  try {
    const vectors = await embedTexts(
      ctx.config,
      rows.map((r) => `${r.title}\n${r.content}`),
    )
    for (const [i, row] of rows.entries()) {
      await ctx.database.query(`UPDATE atoms SET embedding = ${vectorFromIntegers('$2')} WHERE id = $1`, [
        row.id,
        integerVectorLiteral(vectors[i]),
      ])
    }
    return rows.length
  } catch (error) {
    ctx.log.warn({ err: error, atoms: rows.length }, 'atom embedding failed; atoms stay searchable by full text')
    return 0
  }
}
