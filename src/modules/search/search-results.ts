// Turns ranked message ids into what a person reads: the message with its conversation, author and source,
// a snippet with the query's terms highlighted, and the message before and after it in the conversation.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { loadMessagesInContext } from '../messages/index.js'
import { chunkHeadlines } from '../pipeline/index.js'
import { listWorkspaceSourceRows } from '../sources/index.js'

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
  /** headingPath: the section of a structured text (a document's "Methods > Analysis"), null for chat. */
  chunk: z.object({ id: z.string(), index: z.number().int(), headingPath: z.string().nullable().optional() }),
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
  // Each module reads its own tables: the messages in context, the chunks' headlines, the sources' types.
  const messages = await loadMessagesInContext(
    ctx,
    ranked.map((r) => r.messageId),
    contextLength,
  )
  const headlines = await chunkHeadlines(ctx, { chunkIds: ranked.map((r) => r.chunkId), q, startMark, stopMark })
  const sourceTypes = new Map((await listWorkspaceSourceRows(ctx)).map((s) => [s.id, s.type]))
  const messageById = new Map(messages.map((m) => [m.id, m]))
  const headlineById = new Map(headlines.map((h) => [h.chunkId, h]))
  return ranked.flatMap((hit) => {
    const message = messageById.get(hit.messageId)
    const chunk = headlineById.get(hit.chunkId)
    if (!message || !chunk || chunk.ownerId !== message.id) return [] // deleted since it was ranked
    const { snippet, highlights } = parseHeadline(chunk.headline)
    return [
      {
        messageId: message.id,
        conversationId: message.conversationId,
        conversationTitle: message.conversationTitle,
        sourceId: message.sourceId,
        sourceType: sourceTypes.get(message.sourceId) ?? 'unknown',
        sentAt: message.sentAt,
        author: message.authorIdentityId ? { personId: message.author?.personId ?? null, displayName: message.author?.name ?? null } : null,
        content: message.content,
        // NaN (no cosine distance to a zero vector) was always sent as JSON null; now the type says so.
        score: Number.isFinite(hit.score) ? hit.score : null,
        ranks: hit.ranks,
        chunk: { id: chunk.chunkId, index: chunk.chunkIndex, headingPath: chunk.headingPath },
        snippet,
        highlights,
        context: { before: message.before, after: message.after },
      },
    ]
  })
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
