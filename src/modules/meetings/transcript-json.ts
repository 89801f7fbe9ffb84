// The JSON that transcription tools write, each shape checked with zod and turned into speaker turns:
// Whisper / faster-whisper / WhisperX segments, AssemblyAI utterances, Deepgram /v1/listen results (paragraphs,
// utterances or words), Rev.ai monologues, and QMSum/AMI meeting_transcripts (speaker + content, no times).
import { z } from 'zod'
import { mergeCues, TranscriptFormatError, type SpeakerTurn } from './speaker-turns.js'

const speakerName = z.union([z.string(), z.number()]).transform(String)

const whisperSegments = z.array(z.object({ start: z.number(), end: z.number(), text: z.string(), speaker: speakerName.optional() }))
const whisperShape = z.union([z.object({ segments: whisperSegments }), whisperSegments])

/** AssemblyAI times are milliseconds. */
const assemblyAiShape = z.object({
  utterances: z.array(z.object({ speaker: speakerName, start: z.number(), end: z.number(), text: z.string() })).min(1),
})

const deepgramWord = z.object({
  word: z.string(),
  punctuated_word: z.string().optional(),
  start: z.number(),
  end: z.number(),
  speaker: z.number().optional(),
})
const deepgramShape = z.object({
  results: z.object({
    utterances: z
      .array(z.object({ start: z.number(), end: z.number(), transcript: z.string(), speaker: z.number().optional() }))
      .optional(),
    channels: z
      .array(
        z.object({
          alternatives: z
            .array(
              z.object({
                transcript: z.string(),
                words: z.array(deepgramWord).optional(),
                paragraphs: z
                  .object({
                    paragraphs: z.array(
                      z.object({
                        speaker: z.number().optional(),
                        start: z.number(),
                        end: z.number(),
                        sentences: z.array(z.object({ text: z.string() })),
                      }),
                    ),
                  })
                  .optional(),
              }),
            )
            .min(1),
        }),
      )
      .min(1),
  }),
})

const revAiShape = z.object({
  monologues: z.array(
    z.object({
      speaker: speakerName,
      speaker_name: z.string().nullish(),
      elements: z.array(z.object({ type: z.string(), value: z.string(), ts: z.number().optional(), end_ts: z.number().optional() })),
    }),
  ),
})

const qmsumShape = z.object({ meeting_transcripts: z.array(z.object({ speaker: z.string(), content: z.string() })).min(1) })

const deepgramSpeaker = (speaker: number | undefined) => (speaker === undefined ? null : `Speaker ${speaker}`)

/** Tried in order; the first shape that matches wins. */
const shapes: Array<{ name: string; read: (value: unknown) => SpeakerTurn[] | null }> = [
  {
    name: 'QMSum meeting_transcripts',
    read: (value) =>
      qmsumShape.safeParse(value).data?.meeting_transcripts.map((t) => ({
        speaker: t.speaker,
        startSeconds: null,
        endSeconds: null,
        // AMI's markup ({vocalsound}, {disfmarker}) marks noises and disfluencies, not words.
        text: t.content
          .replace(/\{[a-z_]+\}/gi, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      })) ?? null,
  },
  {
    name: 'AssemblyAI utterances',
    read: (value) =>
      assemblyAiShape.safeParse(value).data?.utterances.map((u) => ({
        speaker: `Speaker ${u.speaker}`,
        startSeconds: u.start / 1000,
        endSeconds: u.end / 1000,
        text: u.text,
      })) ?? null,
  },
  {
    name: 'Whisper segments',
    read: (value) => {
      const parsed = whisperShape.safeParse(value).data
      if (!parsed) return null
      const segments = Array.isArray(parsed) ? parsed : parsed.segments
      return mergeCues(segments.map((s) => ({ speaker: s.speaker ?? null, startSeconds: s.start, endSeconds: s.end, text: s.text.trim() })))
    },
  },
  { name: 'Deepgram results', read: (value) => deepgramTurns(value) },
  {
    name: 'Rev.ai monologues',
    read: (value) =>
      revAiShape.safeParse(value).data?.monologues.map((m) => {
        const timed = m.elements.filter((e) => e.ts !== undefined)
        return {
          speaker: m.speaker_name || `Speaker ${m.speaker}`,
          startSeconds: timed[0]?.ts ?? null,
          endSeconds: timed[timed.length - 1]?.end_ts ?? null,
          text: m.elements.map((e) => e.value).join(''),
        }
      }) ?? null,
  },
]

function deepgramTurns(value: unknown): SpeakerTurn[] | null {
  const parsed = deepgramShape.safeParse(value).data
  if (!parsed) return null
  if (parsed.results.utterances?.length)
    return mergeCues(
      parsed.results.utterances.map((u) => ({
        speaker: deepgramSpeaker(u.speaker),
        startSeconds: u.start,
        endSeconds: u.end,
        text: u.transcript,
      })),
    )
  const best = parsed.results.channels[0].alternatives[0]
  if (best.paragraphs?.paragraphs.length)
    return mergeCues(
      best.paragraphs.paragraphs.map((p) => ({
        speaker: deepgramSpeaker(p.speaker),
        startSeconds: p.start,
        endSeconds: p.end,
        text: p.sentences.map((s) => s.text).join(' '),
      })),
    )
  const words = best.words ?? []
  if (words.length === 0) return [{ speaker: null, startSeconds: null, endSeconds: null, text: best.transcript }]
  return mergeCues(
    words.map((w) => ({
      speaker: deepgramSpeaker(w.speaker),
      startSeconds: w.start,
      endSeconds: w.end,
      text: w.punctuated_word ?? w.word,
    })),
  )
}

export function turnsFromTranscriptJson(fileName: string, value: unknown): SpeakerTurn[] {
  for (const shape of shapes) {
    const turns = shape.read(value)
    if (turns) return turns
  }
  throw new TranscriptFormatError(fileName, null, `unknown transcript JSON: expected ${shapes.map((s) => s.name).join(', ')}`)
}
