// "More like this": the messages nearest to a given message in embedding space (its first ready chunk,
// or its text embedded on the fly when its chunks are not embedded yet); without an embedding model, the messages
// BM25 ranks first for the message's own words.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { getMessage } from '../messages/index.js'
import { firstMessageEmbedding, searchEmbedder } from '../pipeline/index.js'
import { rankChunksByVector, rankChunksFulltext } from './chunk-rankings.js'
import type { SearchFilters } from './filters.js'
import { describeHits, searchHitSchema } from './search-results.js'

export const similarMessagesSchema = z.object({ items: z.array(searchHitSchema), model: z.string() })

export async function similarMessages(
  ctx: ServiceContext,
  input: SearchFilters & { messageId: string; k?: number },
): Promise<z.infer<typeof similarMessagesSchema>> {
  const embedder = searchEmbedder(ctx.config)
  const message = await getMessage(ctx, input.messageId)
  const storedVector = embedder ? await firstMessageEmbedding(ctx, input.messageId, embedder.model) : null
  const k = input.k ?? 10
  let chunks
  if (embedder) {
    const vector = storedVector ?? (await embedder.embed([message.content]))[0]
    chunks = await rankChunksByVector(ctx, {
      vector,
      model: embedder.model,
      filters: input,
      limit: k * 3,
      excludeMessageId: input.messageId,
    })
  } else {
    const words = await rankChunksFulltext(ctx, { q: message.content.slice(0, 1000), filters: input, limit: k * 3 + 5 })
    chunks = words.filter((c) => c.messageId !== input.messageId)
  }
  const seen = new Set<string>()
  const best = chunks.filter((c) => (seen.has(c.messageId) ? false : (seen.add(c.messageId), true))).slice(0, k)
  const items = await describeHits(
    ctx,
    message.content.slice(0, 500),
    best.map((c, i) => ({
      messageId: c.messageId,
      chunkId: c.chunkId,
      score: c.score,
      ranks: embedder ? { vector: i + 1 } : { fulltext: i + 1 },
    })),
  )
  return { items, model: embedder?.model ?? 'none' }
}
