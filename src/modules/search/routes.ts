// HTTP shell of search: GET /search (hybrid | vector | fulltext) and GET /messages/:id/similar ("more like this").
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { errorResponses } from '../../http/response-schemas.js'
import { hybridSearch, searchModes, searchPageSchema } from './hybrid-search.js'
import { similarMessages, similarMessagesSchema } from './similar-messages.js'
import { assertFiltersInWorkspace } from './filters.js'
import { storableQueryDate } from '../../lib/storable-values.js'

const filterSchema = {
  sourceId: z.uuid().optional(),
  conversationId: z.uuid().optional(),
  personId: z.uuid().optional(),
  topicId: z.uuid().optional(),
  from: storableQueryDate().optional(),
  to: storableQueryDate().optional(),
}

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Find messages by meaning and by words',
        description:
          'mode=hybrid (default) fuses BM25 full-text and vector candidates with reciprocal rank fusion (rrfK, default 10); ' +
          'without an embedding model (the default configuration) it is full text + trigram, and mode=vector answers 400. ' +
          'rankers says which rankers answered (fulltext, trigram, vector); vectorsPending how many chunks still wait for vectors. ' +
          'Each item is a message with its best chunk, a snippet with highlight offsets [start, end) and the message before and after it. ' +
          'Pass nextCursor back as cursor for the next page.',
        querystring: z.object({
          q: z.string().trim().min(1).max(1000),
          mode: z.enum(searchModes).default('hybrid'),
          k: z.coerce.number().int().min(1).max(100).default(20),
          cursor: z.string().max(2000).optional(),
          rrfK: z.coerce.number().int().min(1).max(1000).optional(),
          source: z.string().trim().min(1).max(255).optional().describe('a source name, type (all sources of it) or id'),
          ...filterSchema,
        }),
        response: { 200: searchPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      await assertFiltersInWorkspace(request.ctx, request.query)
      return hybridSearch(request.ctx, request.query)
    },
  )

  app.get(
    '/messages/:id/similar',
    {
      schema: {
        tags: ['search'],
        summary: 'More like this: messages nearest to this one by embedding',
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ k: z.coerce.number().int().min(1).max(100).default(10), ...filterSchema }),
        response: { 200: similarMessagesSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      await assertFiltersInWorkspace(request.ctx, request.query)
      return similarMessages(request.ctx, { messageId: request.params.id, ...request.query })
    },
  )
}
