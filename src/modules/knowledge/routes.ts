// HTTP shell of the knowledge graph: atoms (with full-text search), versions, diffs, links, topic contents.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { atomInputSchema, atomLinkInputSchema, atomPatchSchema, topicAtomInputSchema } from './atom-schema.js'
import { errorResponses } from '../../http/response-schemas.js'
import { atomViewSchema, createAtom, deleteAtom, getAtom, listAtoms, updateAtom } from './atoms.js'
import { diffAtomVersions, getAtomVersion, listAtomVersions, reviewAtomVersion } from './atom-versions.js'
import { atomLinkViewSchema, linkAtoms, listAtomLinks, unlinkAtoms } from './links.js'
import { versionDiffSchema, versionViewSchema } from './versions.js'
import { approvalStatuses, atomTypes } from './schema.js'
import {
  diffTopicVersions,
  listTopicAtoms,
  listTopicVersions,
  putAtomInTopic,
  removeAtomFromTopic,
  reviewTopicVersion,
  topicAtomViewSchema,
} from './topic-atoms.js'

const idParams = z.object({ id: z.uuid() })
const versionParams = z.object({ id: z.uuid(), n: z.coerce.number().int().min(1) })
const diffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) })

const ok = <T extends z.ZodType>(schema: T) => ({ 200: schema, ...errorResponses })
const noContent = { 204: z.null(), ...errorResponses }
const versionList = ok(z.object({ items: z.array(versionViewSchema) }))
const topicAtomList = ok(z.object({ items: z.array(topicAtomViewSchema) }))

export const knowledgeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/atoms',
    {
      schema: {
        tags: ['knowledge'],
        summary: 'List atoms; q= searches title and content (full text, websearch syntax)',
        querystring: z.object({
          q: z.string().max(500).optional(),
          type: z.enum(atomTypes).optional(),
          approvalStatus: z.enum(approvalStatuses).optional(),
          topicId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: ok(z.object({ items: z.array(atomViewSchema), total: z.number().int() })),
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return listAtoms(request.ctx, request.query)
    },
  )
  app.post(
    '/atoms',
    { schema: { tags: ['knowledge'], body: atomInputSchema, response: { 201: atomViewSchema, ...errorResponses } } },
    async (request, reply) => {
      requireScope(request, 'write')
      reply.code(201)
      return createAtom(request.ctx, request.body)
    },
  )
  app.get(
    '/atoms/:id',
    { schema: { tags: ['knowledge'], params: idParams, response: ok(atomViewSchema.extend({ links: z.array(atomLinkViewSchema) })) } },
    async (request) => {
      requireScope(request, 'read')
      const atom = await getAtom(request.ctx, request.params.id)
      return { ...atom, links: await listAtomLinks(request.ctx, atom.id) }
    },
  )
  app.patch(
    '/atoms/:id',
    { schema: { tags: ['knowledge'], params: idParams, body: atomPatchSchema, response: ok(atomViewSchema) } },
    async (request) => {
      requireScope(request, 'write')
      return updateAtom(request.ctx, request.params.id, request.body)
    },
  )
  app.delete('/atoms/:id', { schema: { tags: ['knowledge'], params: idParams, response: noContent } }, async (request, reply) => {
    requireScope(request, 'write')
    await deleteAtom(request.ctx, request.params.id)
    reply.code(204)
    return null
  })

  app.get('/atoms/:id/versions', { schema: { tags: ['knowledge'], params: idParams, response: versionList } }, async (request) => {
    requireScope(request, 'read')
    return { items: await listAtomVersions(request.ctx, request.params.id) }
  })
  app.get(
    '/atoms/:id/versions/:n',
    { schema: { tags: ['knowledge'], params: versionParams, response: ok(versionViewSchema) } },
    async (request) => {
      requireScope(request, 'read')
      return getAtomVersion(request.ctx, request.params.id, request.params.n)
    },
  )
  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/atoms/:id/versions/:n/${decision}`,
      {
        schema: {
          tags: ['knowledge'],
          params: versionParams,
          response: ok(z.object({ version: versionViewSchema, atomVersion: z.number().int() })),
        },
      },
      async (request) => {
        requireScope(request, 'write')
        return reviewAtomVersion(request.ctx, request.params.id, request.params.n, decision)
      },
    )
  }
  app.get(
    '/atoms/:id/diff',
    { schema: { tags: ['knowledge'], params: idParams, querystring: diffQuery, response: ok(versionDiffSchema) } },
    async (request) => {
      requireScope(request, 'read')
      return diffAtomVersions(request.ctx, request.params.id, request.query.from, request.query.to)
    },
  )

  app.get(
    '/atoms/:id/links',
    { schema: { tags: ['knowledge'], params: idParams, response: ok(z.object({ items: z.array(atomLinkViewSchema) })) } },
    async (request) => {
      requireScope(request, 'read')
      await getAtom(request.ctx, request.params.id)
      return { items: await listAtomLinks(request.ctx, request.params.id) }
    },
  )
  app.post(
    '/atoms/:id/links',
    {
      schema: {
        tags: ['knowledge'],
        params: idParams,
        body: atomLinkInputSchema,
        response: { 201: atomLinkViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireScope(request, 'write')
      reply.code(201)
      return linkAtoms(request.ctx, request.params.id, request.body)
    },
  )
  app.delete(
    '/atoms/:id/links/:toAtomId',
    { schema: { tags: ['knowledge'], params: z.object({ id: z.uuid(), toAtomId: z.uuid() }), response: noContent } },
    async (request, reply) => {
      requireScope(request, 'write')
      await unlinkAtoms(request.ctx, request.params.id, request.params.toAtomId)
      reply.code(204)
      return null
    },
  )

  app.get('/topics/:id/atoms', { schema: { tags: ['knowledge'], params: idParams, response: topicAtomList } }, async (request) => {
    requireScope(request, 'read')
    return { items: await listTopicAtoms(request.ctx, request.params.id) }
  })
  app.put(
    '/topics/:id/atoms',
    { schema: { tags: ['knowledge'], params: idParams, body: topicAtomInputSchema, response: topicAtomList } },
    async (request) => {
      requireScope(request, 'write')
      return { items: await putAtomInTopic(request.ctx, request.params.id, request.body) }
    },
  )
  app.delete(
    '/topics/:id/atoms/:atomId',
    { schema: { tags: ['knowledge'], params: z.object({ id: z.uuid(), atomId: z.uuid() }), response: noContent } },
    async (request, reply) => {
      requireScope(request, 'write')
      await removeAtomFromTopic(request.ctx, request.params.id, request.params.atomId)
      reply.code(204)
      return null
    },
  )
  app.get('/topics/:id/versions', { schema: { tags: ['knowledge'], params: idParams, response: versionList } }, async (request) => {
    requireScope(request, 'read')
    return { items: await listTopicVersions(request.ctx, request.params.id) }
  })
  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/topics/:id/versions/:n/${decision}`,
      { schema: { tags: ['knowledge'], params: versionParams, response: ok(versionViewSchema) } },
      async (request) => {
        requireScope(request, 'write')
        return reviewTopicVersion(request.ctx, request.params.id, request.params.n, decision)
      },
    )
  }
  app.get(
    '/topics/:id/diff',
    { schema: { tags: ['knowledge'], params: idParams, querystring: diffQuery, response: ok(versionDiffSchema) } },
    async (request) => {
      requireScope(request, 'read')
      return diffTopicVersions(request.ctx, request.params.id, request.query.from, request.query.to)
    },
  )
}
