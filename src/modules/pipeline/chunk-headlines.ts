// Search snippets: ts_headline over the chunks a search returned, marking the query's terms with the caller's
// markers (turned into offsets by the caller), and the first embedded vector of a message for "more like this".
import type { ServiceContext } from '../../lib/context.js'
import { searchConfiguration } from './schema.js'

export type ChunkHeadline = { chunkId: string; ownerId: string; chunkIndex: number; headingPath: string | null; headline: string }

/** Headlines of the workspace's chunks with these ids for the query `q` (any of its words counts as a match). */
export async function chunkHeadlines(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  input: { chunkIds: string[]; q: string; startMark: string; stopMark: string },
): Promise<ChunkHeadline[]> {
  if (input.chunkIds.length === 0) return []
  const rows = await ctx.database.query<{
    id: string
    owner_id: string
    chunk_index: number
    heading_path: string | null
    headline: string
  }>(
    `SELECT ch.id, ch.owner_id, ch.chunk_index, ch.heading_path,
       ts_headline('${searchConfiguration}', ch.text,
         (SELECT coalesce(string_agg(quote_literal(u.lexeme), ' | '), '')::tsquery FROM unnest(to_tsvector('${searchConfiguration}', $3)) u),
         'StartSel=' || $4 || ', StopSel=' || $5 || ', MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "') AS headline
     FROM chunks ch WHERE ch.id = ANY($2::uuid[]) AND ch.workspace_id = $1`,
    [ctx.workspaceId, input.chunkIds, input.q, input.startMark, input.stopMark],
  )
  return rows.map((r) => ({
    chunkId: r.id,
    ownerId: r.owner_id,
    chunkIndex: r.chunk_index,
    headingPath: r.heading_path,
    headline: r.headline,
  }))
}

/** The vector of the message's first chunk embedded with `model`, if any. */
export async function firstMessageEmbedding(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  messageId: string,
  model: string,
): Promise<number[] | null> {
  const [row] = await ctx.database.query<{ embedding: string }>(
    `SELECT c.embedding::text AS embedding FROM chunks c
     WHERE c.owner_kind = 'message' AND c.owner_id = $1 AND c.workspace_id = $2 AND c.embedding_status = 'ready' AND c.embedding_model = $3
     ORDER BY c.chunk_index LIMIT 1`,
    [messageId, ctx.workspaceId, model],
  )
  return row ? (JSON.parse(row.embedding) as number[]) : null
}
