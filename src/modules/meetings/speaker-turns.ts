// A transcript's speaker turns, whatever format they came from, and the error that names the file and line.
import { ValidationError } from '../../lib/errors.js'

/** One speaker turn: seconds from the meeting's start (null when the format has no times). */
export type SpeakerTurn = { speaker: string | null; startSeconds: number | null; endSeconds: number | null; text: string }

export class TranscriptFormatError extends ValidationError {
  constructor(fileName: string, line: number | null, reason: string) {
    super(`${fileName}${line ? `: line ${line}` : ''}: ${reason}`, [{ path: line ? `file:${line}` : 'file', message: reason }])
  }
}

/** Consecutive cues of one speaker are one turn (Teams cuts a sentence into several cues); cues without a speaker
 * are joined up to 30 s so a subtitle file does not become one message per line. Rolling auto-captions repeat the
 * previous cue's text, which is dropped. */
export function mergeCues(cues: SpeakerTurn[]): SpeakerTurn[] {
  const turns: SpeakerTurn[] = []
  for (const cue of cues) {
    const last = turns[turns.length - 1]
    const sameSpeaker = last && last.speaker === cue.speaker
    const withinWindow = last && (cue.speaker !== null || (cue.endSeconds ?? 0) - (last.startSeconds ?? 0) <= 30)
    if (last && sameSpeaker && withinWindow) {
      if (!last.text.endsWith(cue.text)) last.text = `${last.text} ${cue.text}`.trim()
      last.endSeconds = Math.max(last.endSeconds ?? 0, cue.endSeconds ?? 0)
    } else turns.push({ ...cue })
  }
  return turns
}
