// Asking by voice: the recording is transcribed by the workspace's transcriber (an OpenAI-compatible
// /audio/transcriptions endpoint) and the text is asked like a typed question, in a thread whose source is 'voice'.
import type { ServiceContext } from '../../lib/context.js'
import { ValidationError } from '../../lib/errors.js'
import { transcribeAudio } from '../llm/index.js'
import { answerQuestion } from './answer.js'
import { getThread } from './threads.js'

export type VoiceQuestion = { audio: Buffer; filename: string; mimeType?: string; threadId?: string; signal?: AbortSignal }

export async function askByVoice(ctx: ServiceContext, input: VoiceQuestion) {
  if (input.audio.length === 0) throw new ValidationError('The recording is empty', [{ path: 'audio', message: 'empty file' }])
  // The thread is checked before paying for a transcription.
  if (input.threadId) await getThread(ctx, input.threadId)
  const { text } = await transcribeAudio(ctx, {
    audio: input.audio,
    filename: input.filename,
    mimeType: input.mimeType,
    signal: input.signal,
  })
  if (!text) throw new ValidationError('No speech was recognised in the recording', [{ path: 'audio', message: 'no speech' }])
  const result = await answerQuestion(ctx, {
    question: text,
    threadId: input.threadId,
    source: 'voice',
    signal: input.signal,
    metadata: { voice: true },
  })
  return { ...result, transcript: text }
}
