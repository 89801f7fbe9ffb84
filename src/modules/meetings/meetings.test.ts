// Meetings on a real PGlite: transcripts written by others (test/fixtures/meetings, sources in test/fixtures/README.md)
// parsed in each format, imported as speaker turns that search finds, analysed by the local analyser into a summary
// and action-item proposals in the review inbox, re-imported without change, and deleted out of search.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { testContext } from '../../../test/helpers/database.js'
import type { ServiceContext } from '../../lib/context.js'
import { hybridSearch } from '../search/index.js'
import { parseTranscript } from './transcript-formats.js'
import { importMeeting } from './import-meeting.js'
import { deleteMeeting, getMeeting, listMeetingTurns } from './meeting-queries.js'
import { readDeadline } from './meeting-analysis.js'
import { summariseMeetingLocally } from '../local-analyser/index.js'

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/meetings/${name}`, import.meta.url))
const parseFixture = async (name: string) => parseTranscript(name, fixture(name).toString('utf8'))

describe('transcript formats', () => {
  it('reads Teams WebVTT voice tags, joining one speaker’s consecutive cues into a turn', async () => {
    const turns = await parseFixture('docling_teams_style_speaker_voice_tags.vtt')
    expect(turns[0]).toEqual({
      speaker: 'Speaker A',
      startSeconds: 4.963,
      endSeconds: 9.403,
      text: 'OK, I think now we should be recording properly.',
    })
    expect(turns[1]).toMatchObject({ speaker: null, text: 'Good.' }) // a cue without a voice tag
    expect(new Set(turns.map((t) => t.speaker))).toEqual(new Set(['Speaker A', 'Speaker B', null]))
  })

  it('reads the old Teams export with unpadded timestamps', async () => {
    const turns = await parseFixture('webvtt-py_teams_legacy_timestamps.vtt')
    expect(turns.map((t) => [t.speaker, t.startSeconds, t.text])).toEqual([
      ['Yuri Bakulin', 0, 'There you go.'],
      ['Adrian Petrescu', 0.21, 'Why hello there, Yuri.'],
    ])
  })

  it('reads SRT, Zoom text, Deepgram and QMSum JSON', async () => {
    const srt = await parseFixture('webvtt-py_sample.srt')
    expect(srt[0].text).toBe('Caption text #1 Caption text #2 Caption text #3 Caption text #4 Caption text #5')
    const zoom = await parseFixture('zoom_saved_transcript_example.txt')
    expect(zoom[1]).toMatchObject({ speaker: 'Janet Dough', startSeconds: 0, text: "Hey, I'm Janet, how are you?" })
    expect(zoom.at(-1)!.startSeconds).toBeGreaterThan(0)
    const deepgram = await parseFixture('deepgram_prerecorded_preamble_nova3.json')
    expect(deepgram[0].text).toMatch(/^We, the people of The United States/)
    const qmsum = await parseFixture('qmsum_ami_ES2005a_meeting.json')
    expect(qmsum).toHaveLength(94) // of 105 turns, 11 are only AMI markup ("{vocalsound}") and carry no words
    expect(qmsum.some((t) => t.text.includes('{vocalsound}'))).toBe(false)
  })

  it('refuses a malformed file naming the file and the line', async () => {
    await expect(parseFixture('webvtt-py_malformed_missing_timeframe.srt')).rejects.toThrow(
      'webvtt-py_malformed_missing_timeframe.srt: line 6: cue 2 has no "start --> end" timing line',
    )
    await expect(parseTranscript('call.json', '{\n  "segments": [\n    {"start": 1,,}\n]}')).rejects.toThrow(
      /^call\.json: line 3: not valid JSON/,
    )
    await expect(parseTranscript('call.json', '{"words": []}')).rejects.toThrow(/call\.json: unknown transcript JSON: expected QMSum/)
    await expect(parseTranscript('call.vtt', 'WEBVTT\n\n00:01.000 --> nonsense\n<v Ann>hi</v>\n')).rejects.toThrow(/^call\.vtt: line 3:/)
  })
})

describe('local meeting summary', () => {
  it('assigns "I will" to the speaker and a named request to the attendee, with the deadline as said', () => {
    const output = summariseMeetingLocally({
      title: 'Planning',
      turns: [
        { id: 't1', speaker: 'Ann', startSeconds: 0, text: 'We decided to ship the remote control with a rubber case.' },
        { id: 't2', speaker: 'Bob', startSeconds: 5, text: 'I will send the revised cost estimate to the finance team by Friday.' },
        { id: 't3', speaker: 'Ann', startSeconds: 9, text: 'Bob, please prepare the battery supplier comparison for the next meeting.' },
      ],
    })
    expect(output.decisions).toEqual(['We decided to ship the remote control with a rubber case.'])
    expect(output.action_items).toEqual([
      expect.objectContaining({ assignee: 'Bob', deadline: 'by Friday', source_turn_ids: ['t2'] }),
      expect.objectContaining({ assignee: 'Bob', source_turn_ids: ['t3'] }),
    ])
    expect(output.attendees.map((a) => a.name)).toEqual(['Ann', 'Bob'])
  })

  it('reads a deadline relative to the meeting date', () => {
    expect(readDeadline('by Friday', new Date('2026-03-03T10:00:00Z'))).toBe('2026-03-06') // a Tuesday
    expect(readDeadline('sometime', new Date('2026-03-03T10:00:00Z'))).toBeNull()
  })
})

describe('importing a meeting', () => {
  let ctx: ServiceContext
  beforeAll(async () => {
    ctx = await testContext()
  }, 120_000)

  it('stores the turns as searchable messages with speaker and time, analyses it, proposes its action items, and re-imports as a no-op', async () => {
    const { meeting, created } = await importMeeting(ctx, {
      fileName: 'qmsum_ami_ES2005a_meeting.json',
      content: fixture('qmsum_ami_ES2005a_meeting.json'),
      title: 'Remote control design',
      recordedAt: new Date('2026-03-03T10:00:00Z'),
    })
    expect(created).toBe(true)
    expect(meeting).toMatchObject({ title: 'Remote control design', status: 'extracted', turnCount: 94, analysisModel: 'local-analyser' })
    expect(meeting.summary.split(' ').length).toBeGreaterThan(30)
    expect(meeting.attendees.map((a) => a.name).sort()).toEqual(['Industrial Designer', 'Marketing', 'Project Manager', 'User Interface'])
    expect(meeting.attendees.every((a) => a.personId && a.turns > 0)).toBe(true)
    expect(meeting.actionItems.length).toBeGreaterThan(0)
    expect(meeting.actionItems.every((item) => item.proposalStatus === 'pending')).toBe(true)

    const proposals = await ctx.database.query<{ title: string; assignee_name: string | null; origin: string }>(
      `SELECT p.title, p.assignee_name, r.config_snapshot->>'origin' AS origin FROM task_proposals p JOIN analysis_runs r ON r.id = p.run_id
       WHERE p.workspace_id = $1`,
      [ctx.workspaceId],
    )
    expect(proposals.map((p) => p.title).sort()).toEqual(meeting.actionItems.map((i) => i.task).sort())
    expect(new Set(proposals.map((p) => p.origin))).toEqual(new Set(['meeting']))

    const turns = await listMeetingTurns(ctx, meeting.id)
    const fiftyMillion = turns.find((t) => t.text.includes('fifty million Euros'))!
    expect(fiftyMillion).toMatchObject({ speaker: 'Project Manager', sequence: 0 })
    const page = await hybridSearch(ctx, { q: 'profit fifty million euros', source: 'meetings', mode: 'fulltext', k: 3 })
    expect(page.items[0]).toMatchObject({
      sourceType: 'meetings',
      conversationTitle: 'Remote control design',
      author: { displayName: 'Project Manager' },
    })
    expect(page.items[0].sentAt.startsWith('2026-03-03T10:00')).toBe(true)

    const again = await importMeeting(ctx, { fileName: 'copy.json', content: fixture('qmsum_ami_ES2005a_meeting.json') })
    expect(again).toMatchObject({ created: false, meeting: { id: meeting.id } })
    const [counts] = await ctx.database.query<{ messages: number; proposals: number }>(
      `SELECT (SELECT count(*) FROM messages WHERE workspace_id = $1)::int AS messages,
              (SELECT count(*) FROM task_proposals WHERE workspace_id = $1)::int AS proposals`,
      [ctx.workspaceId],
    )
    expect(counts).toEqual({ messages: 94, proposals: proposals.length })
  })

  it('finishes an import that stopped after writing its row when the file is imported again', async () => {
    const content = fixture('webvtt-py_teams_legacy_timestamps.vtt')
    const hash = createHash('sha256').update(content).digest('hex')
    // What a process killed right after the INSERT leaves: a pending row with no turns and no analysis.
    const [row] = await ctx.database.query<{ id: string }>(
      `INSERT INTO meetings (workspace_id, title, recorded_at, duration_seconds, source_file, content_hash, format, status, turn_count)
       VALUES ($1, 'Legacy export', '2026-03-02T08:00:00Z', 1, 'legacy.vtt', $2, 'vtt', 'pending', 2) RETURNING id`,
      [ctx.workspaceId, hash],
    )
    const { meeting, created } = await importMeeting(ctx, { fileName: 'legacy.vtt', content })
    expect(created).toBe(false)
    expect(meeting).toMatchObject({ id: row.id, status: 'extracted', title: 'Legacy export' })
    expect((await listMeetingTurns(ctx, row.id)).map((t) => [t.speaker, t.startSeconds])).toEqual([
      ['Yuri Bakulin', 0],
      ['Adrian Petrescu', 0.21],
    ])
  })

  it('refuses a bad file without storing anything, and deleting a meeting takes its turns out of search', async () => {
    await expect(
      importMeeting(ctx, { fileName: 'broken.srt', content: fixture('webvtt-py_malformed_missing_timeframe.srt') }),
    ).rejects.toThrow(/broken\.srt: line 6/)
    const { meeting } = await importMeeting(ctx, {
      fileName: 'teams.vtt',
      content: fixture('docling_teams_style_speaker_voice_tags.vtt'),
      recordedAt: new Date('2026-03-04T09:00:00Z'),
    })
    expect((await getMeeting(ctx, meeting.id)).title).toBe('teams')
    const found = await hybridSearch(ctx, { q: 'recording properly', source: 'meetings', mode: 'fulltext', k: 5 })
    expect(found.items.map((i) => i.content)).toContain('OK, I think now we should be recording properly.')
    expect(found.items[0].sentAt).toBe('2026-03-04T09:00:04.963Z')

    expect((await deleteMeeting(ctx, meeting.id)).deletedTurns).toBe(meeting.turnCount)
    const gone = await hybridSearch(ctx, { q: 'recording properly', source: 'meetings', mode: 'fulltext', k: 5 })
    expect(gone.items.map((i) => i.content)).not.toContain('OK, I think now we should be recording properly.')
    await expect(getMeeting(ctx, meeting.id)).rejects.toThrow(/Meeting/)
  })
})
