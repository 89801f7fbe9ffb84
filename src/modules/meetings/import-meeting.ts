// Importing a meeting: a transcript file (or a recording, transcribed first) becomes a meetings row plus one message
// per speaker turn in the workspace's 'meetings' source (author = speaker, sentAt = start + the turn's offset), which
// the pipeline chunks and indexes like any chat; then the meeting is analysed. The file's content hash makes a
// re-import of the same bytes return the meeting already stored.
import { createHash } from 'node:crypto'
import type { ServiceContext } from '../../lib/context.js'
import { ValidationError } from '../../lib/errors.js'
import { transcribeAudio } from '../llm/index.js'
import { findConversationId, ingestMessages, maxIngestBatch, upsertSource } from '../messages/index.js'
import { indexMessages } from '../pipeline/index.js'
import { splitSentences } from '../local-analyser/index.js'
import { analyseMeeting } from './meeting-analysis.js'
import { getMeeting, findMeetingByHash, loadMeetingRow, meetingTurnExternalId, type MeetingView } from './meeting-queries.js'
import { parseTranscript } from './transcript-formats.js'
import type { SpeakerTurn } from './speaker-turns.js'

export const meetingSource = { type: 'meetings', name: 'meetings' } as const

export type ImportMeetingInput = {
  fileName: string
  content: Buffer
  mimeType?: string
  title?: string
  /** When the meeting started; defaults to the time of the import. */
  recordedAt?: Date
}

const recordingExtensions = new Set(['mp3', 'mp4', 'm4a', 'wav', 'webm', 'ogg', 'oga', 'flac', 'mpeg', 'mpga', 'mov', 'mkv'])

export function isRecording(fileName: string, mimeType?: string): boolean {
  if (mimeType && /^(?:audio|video)\//.test(mimeType)) return true
  return recordingExtensions.has(fileName.toLowerCase().split('.').pop() ?? '')
}

export async function importMeeting(ctx: ServiceContext, input: ImportMeetingInput): Promise<{ meeting: MeetingView; created: boolean }> {
  if (input.content.length === 0)
    throw new ValidationError(`${input.fileName}: the file is empty`, [{ path: 'file', message: 'empty file' }])
  const contentHash = createHash('sha256').update(input.content).digest('hex')
  const known = await findMeetingByHash(ctx, contentHash)
  if (known && known.status !== 'pending') return { meeting: await getMeeting(ctx, known.id), created: false }

  const recording = isRecording(input.fileName, input.mimeType)
  // Parsed (or transcribed) before anything is stored: a bad file or a missing transcriber leaves no trace.
  const turns = recording ? await transcribeRecording(ctx, input) : await parseTranscript(input.fileName, input.content.toString('utf8'))
  if (known) {
    // Still pending: an import that stopped (a killed process) before its turns and analysis were stored, or one
    // running now. Storing the turns again is a no-op for those already stored, so it is finished here.
    const stored = await loadMeetingRow(ctx, known.id)
    await storeTurns(ctx, stored.id, new Date(stored.recorded_at), turns, stored.title)
    await analyseMeeting(ctx, stored.id)
    return { meeting: await getMeeting(ctx, stored.id), created: false }
  }
  const recordedAt = input.recordedAt ?? new Date()
  const ends = turns.map((t) => t.endSeconds ?? t.startSeconds ?? 0)
  const [row] = await ctx.database.query<{ id: string }>(
    `INSERT INTO meetings (workspace_id, title, recorded_at, duration_seconds, source_file, content_hash, format, status, turn_count)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8)
     ON CONFLICT (workspace_id, content_hash) DO NOTHING RETURNING id`,
    [
      ctx.workspaceId,
      input.title?.trim() || titleFromFileName(input.fileName),
      recordedAt,
      ends.some((end) => end > 0) ? Math.round(Math.max(...ends)) : null,
      input.fileName,
      contentHash,
      recording ? 'audio' : input.fileName.toLowerCase().endsWith('.json') ? 'json' : (input.fileName.split('.').pop() ?? 'text'),
      turns.length,
    ],
  )
  // Two uploads of one file at once: the second finds the first's row.
  if (!row) return { meeting: await getMeeting(ctx, (await findMeetingByHash(ctx, contentHash))!.id), created: false }
  await storeTurns(ctx, row.id, recordedAt, turns, input.title?.trim() || titleFromFileName(input.fileName))
  await analyseMeeting(ctx, row.id)
  return { meeting: await getMeeting(ctx, row.id), created: true }
}

async function storeTurns(ctx: ServiceContext, meetingId: string, recordedAt: Date, turns: SpeakerTurn[], title: string) {
  // Keyed by the meeting row, not the file: a file imported again after its meeting was deleted gets fresh turns.
  const conversation = { externalId: `meeting:${meetingId}`, title, kind: 'group' as const }
  const messages = turns.map((turn, sequence) => ({
    externalId: meetingTurnExternalId(meetingId, sequence),
    conversation,
    author: turn.speaker ? { externalId: turn.speaker, displayName: turn.speaker } : undefined,
    sentAt: turnSentAt(recordedAt, turn, sequence),
    content: turn.text,
    raw: { meetingId, sequence, speaker: turn.speaker, startSeconds: turn.startSeconds, endSeconds: turn.endSeconds },
  }))
  const changed: string[] = []
  for (let start = 0; start < messages.length; start += maxIngestBatch) {
    const result = await ingestMessages(ctx, { source: meetingSource, messages: messages.slice(start, start + maxIngestBatch) })
    if (result.errors.length > 0) {
      const first = result.errors[0]
      throw new ValidationError(`turn ${first.index + start + 1}: ${first.message}`, result.errors)
    }
    changed.push(...result.changedMessageIds)
  }
  // Chunked now so the meeting is searchable when the import answers (the queued pipeline job then finds nothing to do).
  await indexMessages(ctx, changed)
  const sourceId = await upsertSource(ctx.database, ctx.workspaceId, meetingSource)
  const conversationId = await findConversationId(ctx, sourceId, conversation.externalId)
  await ctx.database.query(`UPDATE meetings SET conversation_id = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2`, [
    ctx.workspaceId,
    meetingId,
    conversationId,
  ])
}

/** A recording through the workspace's transcriber (OpenAI-compatible /audio/transcriptions). The endpoint returns
 * plain text without speakers, so the turns are groups of three sentences with no speaker and no times. */
async function transcribeRecording(ctx: ServiceContext, input: ImportMeetingInput): Promise<SpeakerTurn[]> {
  const { text } = await transcribeAudio(ctx, { audio: input.content, filename: input.fileName, mimeType: input.mimeType })
  if (!text)
    throw new ValidationError(`${input.fileName}: no speech was recognised in the recording`, [{ path: 'file', message: 'no speech' }])
  const sentences = splitSentences(text)
  const turns: SpeakerTurn[] = []
  for (let i = 0; i < sentences.length; i += 3)
    turns.push({ speaker: null, startSeconds: null, endSeconds: null, text: sentences.slice(i, i + 3).join(' ') })
  return turns
}

/** The meeting's start plus the turn's offset. Turns said in the same second (Zoom times are whole seconds) or
 * without times keep their spoken order through the microseconds, which PostgreSQL keeps and views round away. */
function turnSentAt(recordedAt: Date, turn: SpeakerTurn, sequence: number): string {
  const offsetMs = turn.startSeconds !== null ? Math.round(turn.startSeconds * 1000) : sequence
  const iso = new Date(recordedAt.getTime() + offsetMs).toISOString()
  return iso.replace('Z', `${String(sequence % 1000).padStart(3, '0')}Z`)
}

function titleFromFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '')
  return base.replace(/[_-]+/g, ' ').trim() || 'Meeting'
}
