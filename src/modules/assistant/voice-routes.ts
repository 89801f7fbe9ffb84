// HTTP shell of asking by voice: a multipart upload (optional field `threadId`, then the file `audio`), answered
// like POST /assistant/ask with the transcript added. 409 no_transcriber when no speech model is configured.
import { z } from 'zod'
import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { ValidationError } from '../../lib/errors.js'
import { askByVoice } from './voice.js'
import { answerSchema, answerView, errorSchema } from './views.js'

/** OpenAI's transcription endpoint accepts files up to 25 MB; larger recordings would fail there anyway. */
const maxRecordingBytes = 25 * 1024 * 1024

export const voiceRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, { limits: { fileSize: maxRecordingBytes, files: 1, fields: 2 } })

  app.post(
    '/assistant/ask/voice',
    {
      schema: {
        tags: ['assistant'],
        summary: 'Ask the assistant by voice (multipart: optional field `threadId`, then the file `audio`)',
        description: 'The recording is transcribed by the agent with the role "transcriber"; 409 no_transcriber when there is none.',
        consumes: ['multipart/form-data'],
        response: {
          200: answerSchema.extend({ transcript: z.string() }),
          400: errorSchema,
          404: errorSchema,
          409: errorSchema,
          413: errorSchema,
        },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      let threadId: string | undefined
      let audio: { buffer: Buffer; filename: string; mimeType: string } | undefined
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'audio')
            throw new ValidationError('The recording goes in the field `audio`', [{ path: part.fieldname, message: 'unexpected file' }])
          audio = { buffer: await part.toBuffer(), filename: part.filename || 'recording.webm', mimeType: part.mimetype }
        } else if (part.fieldname === 'threadId') {
          const parsed = z.uuid().safeParse(part.value)
          if (!parsed.success) throw new ValidationError('threadId is not a uuid', [{ path: 'threadId', message: 'invalid uuid' }])
          threadId = parsed.data
        }
      }
      if (!audio) throw new ValidationError('Send the recording as the file field `audio`', [{ path: 'audio', message: 'required' }])
      const { thread, answer, error, transcript } = await askByVoice(request.ctx, {
        audio: audio.buffer,
        filename: audio.filename,
        mimeType: audio.mimeType,
        threadId,
      })
      return { ...answerView(thread, answer, error), transcript }
    },
  )
}
