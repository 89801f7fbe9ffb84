// HTTP shell of meetings: upload a transcript or recording (multipart), list, read one with its turns, analyse
// again, delete. 409 no_transcriber when a recording is sent and no speech-to-text model is configured.
import { z } from 'zod'
import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { errorResponses } from '../../http/response-schemas.js'
import { ValidationError } from '../../lib/errors.js'
import { importMeeting } from './import-meeting.js'
import { analyseMeeting } from './meeting-analysis.js'
import {
  deleteMeeting,
  getMeeting,
  listMeetings,
  listMeetingTurns,
  meetingSummaryViewSchema,
  meetingTurnViewSchema,
  meetingViewSchema,
} from './meeting-queries.js'

const tags = ['meetings']
const params = z.object({ id: z.uuid() })
/** OpenAI's transcription endpoint takes files up to 25 MB; a transcript is far smaller. */
const maxUploadBytes = 25 * 1024 * 1024

export const meetingRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, { limits: { fileSize: maxUploadBytes, files: 1, fields: 3 } })

  app.post(
    '/meetings',
    {
      schema: {
        tags,
        summary: 'Import a meeting (multipart: optional fields `title`, `recordedAt` (ISO), then the file `file`)',
        description:
          'A transcript (.vtt, .srt, .json of Whisper/AssemblyAI/Deepgram/Rev.ai/QMSum, .txt) or a recording (audio/video, transcribed by the agent with the role "transcriber"). The same bytes again answer the stored meeting with created=false.',
        consumes: ['multipart/form-data'],
        response: { 200: z.object({ meeting: meetingViewSchema, created: z.boolean() }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'ingest')
      const fields: Record<string, string> = {}
      let file: { content: Buffer; fileName: string; mimeType: string } | undefined
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file')
            throw new ValidationError('The meeting goes in the file field `file`', [{ path: part.fieldname, message: 'unexpected file' }])
          file = { content: await part.toBuffer(), fileName: part.filename || 'meeting.txt', mimeType: part.mimetype }
        } else fields[part.fieldname] = String(part.value)
      }
      if (!file)
        throw new ValidationError('Send the transcript or recording as the file field `file`', [{ path: 'file', message: 'required' }])
      const recordedAt = fields.recordedAt ? z.iso.datetime({ offset: true }).safeParse(fields.recordedAt) : null
      if (recordedAt && !recordedAt.success)
        throw new ValidationError('recordedAt is not an ISO date-time', [
          { path: 'recordedAt', message: 'expected e.g. 2026-03-03T10:00:00Z' },
        ])
      const title = fields.title?.trim().slice(0, 500) || undefined
      return importMeeting(request.ctx, { ...file, title, recordedAt: recordedAt ? new Date(recordedAt.data!) : undefined })
    },
  )

  app.get(
    '/meetings',
    {
      schema: {
        tags,
        summary: 'Meetings, newest first',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(meetingSummaryViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listMeetings(request.ctx, request.query) }
    },
  )

  app.get(
    '/meetings/:id',
    {
      schema: {
        tags,
        summary: 'A meeting: summary, attendees, decisions, topics, action items with their proposal status',
        params,
        response: { 200: meetingViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return getMeeting(request.ctx, request.params.id)
    },
  )

  app.get(
    '/meetings/:id/turns',
    {
      schema: {
        tags,
        summary: "The meeting's speaker turns in spoken order, with speaker and seconds from the start",
        params,
        response: { 200: z.object({ items: z.array(meetingTurnViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return { items: await listMeetingTurns(request.ctx, request.params.id) }
    },
  )

  app.post(
    '/meetings/:id/analyse',
    {
      schema: {
        tags,
        summary: 'Analyse the meeting again (summary, decisions, action items); action items already proposed are not proposed twice',
        params,
        response: { 200: meetingViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      await analyseMeeting(request.ctx, request.params.id)
      return getMeeting(request.ctx, request.params.id)
    },
  )

  app.delete(
    '/meetings/:id',
    {
      schema: {
        tags,
        summary: 'Delete a meeting; its turns become deleted messages (kept for audit, out of search and analysis)',
        params,
        response: { 200: z.object({ deletedTurns: z.number() }), ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      return deleteMeeting(request.ctx, request.params.id)
    },
  )
}
