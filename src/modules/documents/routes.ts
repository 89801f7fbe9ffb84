// HTTP shell of documents: upload (multipart, one or more files), the listing, one document with its sections and
// deliverables, deletion, deliverables per project, and a pass over a server folder (instance admins only).
import { z } from 'zod'
import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { errorResponses } from '../../http/response-schemas.js'
import { ValidationError } from '../../lib/errors.js'
import { safeFileName } from '../importers/index.js'
import { maxDocumentBytes } from './extract/extract-document.js'
import { storeDocument } from './store-document.js'
import {
  deleteDocument,
  deliverableFiltersSchema,
  deliverableViewSchema,
  documentDetailSchema,
  documentFiltersSchema,
  documentViewSchema,
  getDocument,
  listDeliverables,
  listDocuments,
} from './documents-queries.js'
import { fileStatuses } from './schema.js'

const maxFilesPerUpload = 20

/** An upload's name may carry a folder path ("Reports/a.md", from the CLI or a folder drop); each part is made safe
 * and nothing can climb out ("..", absolute paths). */
function safeRelativePath(name: string): string {
  const parts = name.split(/[\\/]+/).filter((part) => part && part !== '.' && part !== '..')
  return parts.length ? parts.map(safeFileName).join('/') : 'upload'
}

const uploadResultSchema = z.object({
  items: z.array(
    z.object({
      name: z.string(),
      fileId: z.string(),
      outcome: z.enum(['created', 'updated', 'unchanged', 'failed']),
      status: z.enum(fileStatuses),
      error: z.string().nullable(),
    }),
  ),
})

export const documentRoutes: FastifyPluginAsyncZod = async (app) => {
  // preservePath (a busboy option): keep "Reports/a.md" in a part's file name; safeRelativePath cleans it.
  await app.register(multipart, {
    limits: { fileSize: maxDocumentBytes, files: maxFilesPerUpload, fields: 5 },
    preservePath: true,
  } as never)

  app.post(
    '/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'Upload documents (multipart, one or more `file` parts): each is extracted, indexed and classified',
        description:
          'An upload with the name of an earlier one replaces it when its content changed (same content: outcome unchanged). ' +
          'A file that cannot be read is kept with status failed and the reason in `error`.',
        consumes: ['multipart/form-data'],
        response: { 201: uploadResultSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireScope(request, 'ingest')
      const items: z.infer<typeof uploadResultSchema>['items'] = []
      for await (const part of request.parts()) {
        if (part.type !== 'file') continue
        const bytes = await part.toBuffer()
        const name = safeRelativePath(part.filename)
        const stored = await storeDocument(request.ctx, { origin: 'upload', originName: 'upload', path: name, bytes })
        items.push({ name, ...stored })
      }
      if (items.length === 0) throw new ValidationError('No file in the upload', [{ path: 'file', message: 'required' }])
      return reply.code(201).send({ items })
    },
  )

  app.get(
    '/documents',
    {
      schema: {
        tags: ['documents'],
        querystring: documentFiltersSchema,
        response: { 200: z.object({ items: z.array(documentViewSchema), total: z.number().int() }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return listDocuments(request.ctx, request.query)
    },
  )

  app.get(
    '/documents/deliverables',
    {
      schema: {
        tags: ['documents'],
        summary: 'Deliverables mentioned in documents (project code, type, status draft/review/final)',
        querystring: deliverableFiltersSchema,
        response: { 200: z.object({ items: z.array(deliverableViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listDeliverables(request.ctx, request.query) }
    },
  )

  app.get(
    '/documents/:id',
    { schema: { tags: ['documents'], params: z.object({ id: z.uuid() }), response: { 200: documentDetailSchema, ...errorResponses } } },
    async (request) => {
      requireScope(request, 'read')
      return getDocument(request.ctx, request.params.id)
    },
  )

  app.delete(
    '/documents/:id',
    {
      schema: {
        tags: ['documents'],
        summary: 'Delete a document: it leaves search (its row stays, marked deleted)',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      requireScope(request, 'write')
      await deleteDocument(request.ctx, request.params.id)
      return reply.code(204).send(null)
    },
  )
}
