// HTTP shell of the importers: multipart upload that queues an import, and the runs' status for polling.
import { z } from 'zod'
import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { errorResponses } from '../../http/response-schemas.js'
import { getImportRun, importRunViewSchema, listImportRuns } from './import-runs.js'
import { queueUploadedImport, saveUpload } from './upload-import.js'
import { importKinds } from './import-types.js'

/** Exports of whole workspaces are large; the file streams to disk, never into memory. */
const maxUploadBytes = 4 * 1024 * 1024 * 1024

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, { limits: { fileSize: maxUploadBytes, files: 1, fields: 5 } })

  app.post(
    '/imports',
    {
      schema: {
        tags: ['imports'],
        summary: 'Upload a file to import (multipart: field `kind`, then the file); answers the queued run',
        description: `kind: ${importKinds.join(' | ')}. Poll GET /imports/{id} for progress, counts and errors.`,
        consumes: ['multipart/form-data'],
        response: { 202: importRunViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireScope(request, 'ingest')
      let kind: string | undefined
      let upload: Awaited<ReturnType<typeof saveUpload>> | undefined
      for await (const part of request.parts()) {
        if (part.type === 'file') upload = await saveUpload(request.ctx, { filename: part.filename, stream: part.file })
        else if (part.fieldname === 'kind') kind = String(part.value)
      }
      const run = await queueUploadedImport(request.ctx, { kind, upload })
      return reply.code(202).send(run)
    },
  )

  app.get(
    '/imports',
    {
      schema: {
        tags: ['imports'],
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ items: z.array(importRunViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return listImportRuns(request.ctx, request.query)
    },
  )

  app.get(
    '/imports/:id',
    { schema: { tags: ['imports'], params: z.object({ id: z.uuid() }), response: { 200: importRunViewSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return getImportRun(request.ctx, request.params.id)
    },
  )
}
