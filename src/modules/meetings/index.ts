// What other modules may use of meetings (seed 002 meetings: transcripts as speaker turns, summaries, action items).
export { meetings, meetingStatuses, type MeetingActionItem, type MeetingAttendee } from './schema.js'
export { importMeeting, isRecording, type ImportMeetingInput } from './import-meeting.js'
export { analyseMeeting, readDeadline, meetingProposalOrigin } from './meeting-analysis.js'
export {
  getMeeting,
  listMeetings,
  listMeetingTurns,
  deleteMeeting,
  meetingExists,
  type MeetingView,
  type MeetingTurnView,
} from './meeting-queries.js'
export { parseTranscript, detectTranscriptFormat, transcriptFormats, type TranscriptFormat } from './transcript-formats.js'
export type { SpeakerTurn } from './speaker-turns.js'
export { importMeetingFromCli } from './meeting-commands.js'
