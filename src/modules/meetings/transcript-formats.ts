// Meeting transcripts in the formats people have: WebVTT (Teams/Zoom voice tags), SRT, the JSON of transcription
// tools (see transcript-json.ts) and plain "Speaker: text" or Zoom "[Speaker] HH:MM:SS" text. Each becomes speaker
// turns; a file that cannot be read is refused with its name and line. Cue timing is parsed by media-captions.
import * as mediaCaptions from 'media-captions'
import { turnsFromTranscriptJson } from './transcript-json.js'
import { mergeCues, TranscriptFormatError, type SpeakerTurn } from './speaker-turns.js'

// media-captions' type declarations use extensionless relative re-exports, which NodeNext resolution cannot follow
// (the module then looks empty to tsc): the one function used is typed here after its documentation.
type Cue = { startTime: number; endTime: number; text: string }
const { parseText } = mediaCaptions as unknown as {
  parseText(text: string, options: { type: 'vtt' | 'srt'; strict: boolean }): Promise<{ cues: Cue[] }>
}

export const transcriptFormats = ['vtt', 'srt', 'json', 'text'] as const
export type TranscriptFormat = (typeof transcriptFormats)[number]

export function detectTranscriptFormat(fileName: string, text: string): TranscriptFormat {
  const extension = fileName.toLowerCase().split('.').pop() ?? ''
  if (extension === 'vtt') return 'vtt'
  if (extension === 'srt') return 'srt'
  if (extension === 'json') return 'json'
  const start = text.trimStart()
  if (start.startsWith('WEBVTT')) return 'vtt'
  if (start.startsWith('{') || start.startsWith('[{')) return 'json'
  if (/^\d+\r?\n\d{1,2}:\d{2}:\d{2},\d{3} -->/.test(start)) return 'srt'
  return 'text'
}

/** The turns of a transcript; throws TranscriptFormatError (file and line) on input that is not the format. */
export async function parseTranscript(
  fileName: string,
  text: string,
  format = detectTranscriptFormat(fileName, text),
): Promise<SpeakerTurn[]> {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  let turns: SpeakerTurn[]
  if (format === 'json') {
    let value: unknown
    try {
      value = JSON.parse(source)
    } catch (error) {
      throw new TranscriptFormatError(fileName, lineOfJsonError(source, error), `not valid JSON (${(error as Error).message})`)
    }
    turns = turnsFromTranscriptJson(fileName, value)
  } else if (format === 'text') turns = parsePlainTranscript(source)
  else turns = await parseCues(fileName, source, format)
  turns = turns.filter((turn) => turn.text.trim())
  if (turns.length === 0) throw new TranscriptFormatError(fileName, null, `no speech found in this ${format} transcript`)
  return turns
}

async function parseCues(fileName: string, source: string, format: 'vtt' | 'srt'): Promise<SpeakerTurn[]> {
  if (format === 'srt') checkSrtBlocks(fileName, source)
  // Old Teams/Stream exports write unpadded times ("0:0:0.210"), which the WebVTT grammar (and so the parser) refuses.
  const padded = format === 'vtt' ? source.replace(/^(\d{1,2}):(\d{1,2}):(\d{1,2})\.(\d{1,3})/gm, padTimestamp) : source
  const fixed = padded.replace(
    /--> (\d{1,2}):(\d{1,2}):(\d{1,2})\.(\d{1,3})/g,
    (_m, ...parts: string[]) => `--> ${padTimestamp('', ...parts)}`,
  )
  if (format === 'vtt' && !fixed.startsWith('WEBVTT')) throw new TranscriptFormatError(fileName, 1, 'a WebVTT file starts with "WEBVTT"')
  let cues: Cue[]
  try {
    const parsed = await parseText(fixed, { type: format, strict: true })
    cues = parsed.cues
  } catch (error) {
    const line = (error as { line?: number }).line ?? null
    throw new TranscriptFormatError(fileName, line, (error as Error).message.replace(/ on line \d+$/, ''))
  }
  return mergeCues(cues.map(cueTurn))
}

function padTimestamp(_match: string, ...parts: string[]): string {
  const [hours, minutes, seconds, fraction] = parts
  return `${hours.padStart(2, '0')}:${minutes.padStart(2, '0')}:${seconds.padStart(2, '0')}.${fraction.padEnd(3, '0')}`
}

/** A cue numbered but without its "start --> end" line is silently dropped by the parser; say where it is instead. */
function checkSrtBlocks(fileName: string, source: string) {
  const lines = source.split('\n')
  let blockStart = true
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) {
      blockStart = true
      continue
    }
    if (blockStart && /^\d+$/.test(line.trim()) && !(lines[index + 1] ?? '').includes('-->'))
      throw new TranscriptFormatError(fileName, index + 2, `cue ${line.trim()} has no "start --> end" timing line`)
    blockStart = false
  }
}

const voiceTag = /<v(?:\.[^\s>]*)?\s+([^>]+)>/
const whisperXSpeaker = /^\[([^\]\n]{1,60})\]:?\s+/

function cueTurn(cue: Cue): SpeakerTurn {
  let speaker = voiceTag.exec(cue.text)?.[1]?.trim() ?? null
  // Inline markup (<i>, <c.color>, <00:05:04.199> word times) and cue-internal timing lines carry no words.
  let text = cue.text
    .replace(/<[^>]*>/g, '')
    .split('\n')
    .filter((line) => !line.includes('-->'))
    .join(' ')
  if (!speaker) {
    const prefixed = whisperXSpeaker.exec(text)
    if (prefixed) {
      speaker = prefixed[1].trim()
      text = text.slice(prefixed[0].length)
    }
  }
  return { speaker, startSeconds: cue.startTime, endSeconds: cue.endTime, text: decodeEntities(text).replace(/\s+/g, ' ').trim() }
}

function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
}

const zoomHeader = /^\[([^\]]{1,80})\]\s+(\d{1,2}):(\d{2}):(\d{2})$/
const speakerLine = /^([\p{L}][\p{L}\p{N} .'_-]{0,60}):\s+(.+)$/u

/** Zoom's saved transcript ("[Name] HH:MM:SS" then the words) or "Speaker: text" lines; a line with no speaker
 * continues the turn before it. Zoom's times are wall-clock: offsets count from the first one. */
function parsePlainTranscript(source: string): SpeakerTurn[] {
  const turns: SpeakerTurn[] = []
  let firstClock: number | null = null
  for (const raw of source.split('\n')) {
    const line = raw.trim()
    if (!line) continue
    const zoom = zoomHeader.exec(line)
    if (zoom) {
      const clock = Number(zoom[2]) * 3600 + Number(zoom[3]) * 60 + Number(zoom[4])
      firstClock ??= clock
      turns.push({ speaker: zoom[1].trim(), startSeconds: clock - firstClock, endSeconds: null, text: '' })
      continue
    }
    const said = speakerLine.exec(line)
    if (said) {
      turns.push({ speaker: said[1].trim(), startSeconds: null, endSeconds: null, text: said[2].trim() })
      continue
    }
    const last = turns[turns.length - 1]
    if (last) last.text = `${last.text} ${line}`.trim()
    else turns.push({ speaker: null, startSeconds: null, endSeconds: null, text: line })
  }
  return turns
}

function lineOfJsonError(source: string, error: unknown): number | null {
  const position = /position (\d+)/.exec((error as Error).message)
  if (!position) return null
  return source.slice(0, Number(position[1])).split('\n').length
}
