// Turns ranked message ids into what a person reads: the message with its conversation, author and source,
// a snippet with the query's terms highlighted, and the message before and after it in the conversation.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'

export const contextMessageSchema = z.object({ id: z.string(), sentAt: z.string(), authorName: z.string().nullable(), content: z.string() })
export type ContextMessage = z.infer<typeof contextMessageSchema>

export const searchHitSchema = z.object({
  messageId: z.string(),
  conversationId: z.string(),
  conversationTitle: z.string().nullable(),
  sourceId: z.string(),
  sourceType: z.string(),
  sentAt: z.string(),
  author: z.object({ personId: z.string().nullable(), displayName: z.string().nullable() }).nullable(),
  content: z.string(),
  /** null when the ranker could not score it (a query whose embedding is all zeros has no cosine distance). */
  score: z.number().nullable(),
  ranks: z.object({ vector: z.number().optional(), fulltext: z.number().optional() }),
  chunk: z.object({ id: z.string(), index: z.number().int() }),
  /** Plain text; `highlights` are [start, end) offsets of matched terms in it. */
  snippet: z.string(),
  highlights: z.array(z.tuple([z.number(), z.number()])),
  context: z.object({ before: contextMessageSchema.nullable(), after: contextMessageSchema.nullable() }),
})
export type SearchHit = z.infer<typeof searchHitSchema>

/** ts_headline markers that cannot occur in message text, turned into offsets afterwards. */
const startMark = '\u0002'
const stopMark = '\u0003'
const contextLength = 500

export async function describeHits(
  ctx: ServiceContext,
  q: string,
  ranked: Array<{ messageId: string; chunkId: string; score: number; ranks: SearchHit['ranks'] }>,
): Promise<SearchHit[]> {
  if (ranked.length === 0) return []
  const rows = await ctx.database.query<any>(
    // Scalar subqueries instead of joins: PGlite spent ~15 ms planning the five-way join, longer than running it.
    // ANY($2) fetches the few hits by primary key.
    `SELECT m.id, m.conversation_id, m.source_id, m.sent_at, m.content, m.author_identity_id,
       (SELECT cv.title FROM conversations cv WHERE cv.id = m.conversation_id) AS conversation_title,
       (SELECT s.type FROM sources s WHERE s.id = m.source_id) AS source_type,
       (SELECT row_to_json(a) FROM (SELECT i.person_id, coalesce(i.display_name, i.username) AS name
                                    FROM identities i WHERE i.id = m.author_identity_id) a) AS author,
       ch.id AS chunk_id, ch.chunk_index,
       ts_headline('english', ch.text,
         (SELECT coalesce(string_agg(quote_literal(u.lexeme), ' | '), '')::tsquery FROM unnest(to_tsvector('english', $4)) u),
         'StartSel=${startMark}, StopSel=${stopMark}, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "') AS headline,
       (SELECT row_to_json(p) FROM (
          SELECT b.id, b.sent_at AS "sentAt", left(b.content, ${contextLength}) AS content,
            (SELECT coalesce(i.display_name, i.username) FROM identities i WHERE i.id = b.author_identity_id) AS "authorName"
          FROM messages b
          WHERE b.conversation_id = m.conversation_id AND (b.sent_at, b.id) < (m.sent_at, m.id)
          ORDER BY b.sent_at DESC, b.id DESC LIMIT 1) p) AS before,
       (SELECT row_to_json(n) FROM (
          SELECT a.id, a.sent_at AS "sentAt", left(a.content, ${contextLength}) AS content,
            (SELECT coalesce(i.display_name, i.username) FROM identities i WHERE i.id = a.author_identity_id) AS "authorName"
          FROM messages a
          WHERE a.conversation_id = m.conversation_id AND (a.sent_at, a.id) > (m.sent_at, m.id)
          ORDER BY a.sent_at ASC, a.id ASC LIMIT 1) n) AS after
     FROM chunks ch JOIN messages m ON m.id = ch.owner_id
     WHERE ch.id = ANY($3::uuid[]) AND ch.workspace_id = $1 AND m.id = ANY($2::uuid[]) AND m.workspace_id = $1`,
    [ctx.workspaceId, ranked.map((r) => r.messageId), ranked.map((r) => r.chunkId), q],
  )
  const byId = new Map(rows.map((r) => [r.id as string, r]))
  return ranked.flatMap((hit) => {
    const r = byId.get(hit.messageId)
    if (!r) return [] // deleted since it was ranked
    const { snippet, highlights } = parseHeadline(r.headline)
    return [
      {
        messageId: r.id,
        conversationId: r.conversation_id,
        conversationTitle: r.conversation_title,
        sourceId: r.source_id,
        sourceType: r.source_type,
        sentAt: new Date(r.sent_at).toISOString(),
        author: r.author_identity_id ? { personId: r.author?.person_id ?? null, displayName: r.author?.name ?? null } : null,
        content: r.content,
        // NaN (no cosine distance to a zero vector) was always sent as JSON null; now the type says so.
        score: Number.isFinite(hit.score) ? hit.score : null,
        ranks: hit.ranks,
        chunk: { id: r.chunk_id, index: r.chunk_index },
        snippet,
        highlights,
        context: { before: contextOf(r.before), after: contextOf(r.after) },
      },
    ]
  })
}

function contextOf(row: any): ContextMessage | null {
  if (!row) return null
  return { id: row.id, sentAt: new Date(row.sentAt).toISOString(), authorName: row.authorName ?? null, content: row.content }
}

export function parseHeadline(headline: string): { snippet: string; highlights: Array<[number, number]> } {
  let snippet = ''
  const highlights: Array<[number, number]> = []
  let open = -1
  for (const ch of headline) {
    if (ch === startMark) open = snippet.length
    else if (ch === stopMark) {
      if (open >= 0) highlights.push([open, snippet.length])
      open = -1
    } else snippet += ch
  }
  return { snippet, highlights }
}
