// Meetings over real HTTP and the real CLI: a transcript uploaded as multipart, refused with the file and line when
// broken, found by search with speaker and time, a recording transcribed by the fake OpenAI-compatible server (409
// with a clear message while no transcriber is configured), its action item approved in the review inbox.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp, testLocalToken } from '../helpers/app.js'
import { silentLog, testConfig } from '../helpers/database.js'
import { startFakeOpenAi, type FakeOpenAi } from '../fakes/openai-server.js'
import { configureTranscriber } from '../helpers/team-chat.js'
import type { ServiceContext } from '../../src/lib/context.js'

const fixtures = path.resolve('test/fixtures/meetings')
let t: Awaited<ReturnType<typeof testApp>>
let fake: FakeOpenAi
let address: string
let ctx: ServiceContext

beforeAll(async () => {
  fake = await startFakeOpenAi()
  t = await testApp()
  ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'local-token' }, log: silentLog, config: testConfig() }
  address = await t.app.listen({ port: 0, host: '127.0.0.1' })
}, 300_000)
afterAll(async () => {
  await t?.app.close()
  await fake?.close()
})

function upload(file: { name: string; content: Buffer | Uint8Array; type?: string }, fields: Record<string, string> = {}) {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  form.append('file', new Blob([new Uint8Array(file.content)], { type: file.type ?? 'text/plain' }), file.name)
  return fetch(`${address}/api/v1/meetings`, { method: 'POST', headers: t.auth, body: form })
}
const api = async (method: string, url: string, body?: unknown) => {
  const response = await fetch(`${address}/api/v1${url}`, {
    method,
    headers: { ...t.auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  return { status: response.status, body: await response.json() }
}

describe('meetings API', () => {
  it('imports a Teams transcript once, refuses a broken one naming its line, and search cites speaker and time', async () => {
    const broken = await upload({
      name: 'standup.srt',
      content: fs.readFileSync(path.join(fixtures, 'webvtt-py_malformed_missing_timeframe.srt')),
    })
    expect(broken.status).toBe(400)
    expect((await broken.json()).error.message).toBe('standup.srt: line 6: cue 2 has no "start --> end" timing line')
    expect((await api('GET', '/meetings')).body.items).toEqual([])

    const teams = { name: 'teams.vtt', content: fs.readFileSync(path.join(fixtures, 'docling_teams_style_speaker_voice_tags.vtt')) }
    const first = await upload(teams, { title: 'Recording check', recordedAt: '2026-03-04T09:00:00Z' })
    expect(first.status).toBe(200)
    const { meeting, created } = await first.json()
    expect(created).toBe(true)
    expect(meeting).toMatchObject({ title: 'Recording check', status: 'extracted', format: 'vtt', durationSeconds: expect.any(Number) })
    expect(meeting.attendees.map((a: { name: string }) => a.name).sort()).toEqual(['Speaker A', 'Speaker B'])
    const again = await (await upload(teams)).json()
    expect(again).toMatchObject({ created: false, meeting: { id: meeting.id } })

    const turns = (await api('GET', `/meetings/${meeting.id}/turns`)).body.items
    expect(turns[0]).toMatchObject({ speaker: 'Speaker A', startSeconds: 4.963, text: 'OK, I think now we should be recording properly.' })
    const search = await api('GET', '/search?q=recording%20properly&source=meetings&mode=fulltext&k=3')
    expect(search.status).toBe(200)
    expect(search.body.items[0]).toMatchObject({
      sourceType: 'meetings',
      conversationTitle: 'Recording check',
      author: { displayName: 'Speaker A' },
      sentAt: '2026-03-04T09:00:04.963Z',
    })
    const invalid = await upload(teams, { recordedAt: 'yesterday' })
    expect(invalid.status).toBe(400)
    expect((await invalid.json()).error.details[0].path).toBe('recordedAt')
  })

  it('transcribes a recording once a transcriber is configured, and its action item is approved in the review inbox', async () => {
    const recording = { name: 'call.webm', content: new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3, 4]), type: 'audio/webm' }
    const refused = await upload(recording)
    expect(refused.status).toBe(409)
    expect((await refused.json()).error).toMatchObject({ code: 'no_transcriber', message: expect.stringMatching(/role "transcriber"/) })
    expect((await api('GET', '/meetings')).body.items).toHaveLength(1)

    await configureTranscriber(ctx, fake.url)
    fake.transcript =
      'We reviewed the supplier offers for the new remote. I will send the signed contract to the supplier by Friday. Thanks everyone.'
    const response = await upload(recording, { title: 'Supplier call', recordedAt: '2026-03-03T10:00:00Z' })
    expect(response.status).toBe(200)
    const { meeting } = await response.json()
    expect(meeting).toMatchObject({ format: 'audio', status: 'extracted' })
    expect(meeting.actionItems).toEqual([
      expect.objectContaining({
        task: 'I will send the signed contract to the supplier by Friday',
        deadline: '2026-03-06',
        proposalStatus: 'pending',
      }),
    ])
    const proposalId = meeting.actionItems[0].proposalId
    const review = await api('POST', `/proposals/${proposalId}/review`, { action: 'approve' })
    expect(review.status).toBe(200)
    expect((await api('GET', `/meetings/${meeting.id}`)).body.actionItems[0].proposalStatus).toBe('approved')

    expect((await api('DELETE', `/meetings/${meeting.id}`)).body).toEqual({ deletedTurns: meeting.turnCount })
    expect((await api('GET', `/meetings/${meeting.id}`)).status).toBe(404)
  })
})

describe('signalbox import meeting', () => {
  // Through the running app (SIGNALBOX_URL), as the CLI works beside a server: a fresh data dir's migrations would
  // cost this file most of its time budget, and the local path calls the same service (withLocalContext).
  function signalbox(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, SIGNALBOX_URL: address, SIGNALBOX_TOKEN: testLocalToken, LOG_LEVEL: 'warn' }
    delete env.DATABASE_URL
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['bin/signalbox.js', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d) => (stdout += d))
      child.stderr.on('data', (d) => (stderr += d))
      child.on('error', reject)
      child.on('close', (code) => resolve({ code, stdout, stderr }))
    })
  }

  it('imports a Zoom transcript with --title and --date and prints its summary and attendees in spoken order', async () => {
    const file = path.join(fixtures, 'zoom_saved_transcript_example.txt')
    const run = await signalbox(['import', 'meeting', file, '--title', 'Article interview', '--date', '2026-03-05T11:02:09Z'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/2026-03-05 11:02 {2}Article interview {2}\(extracted, \d+ turns\)/)
    expect(run.stdout).toContain('Attendees: Johnny Doe (6 turns), Janet Dough (6 turns)')
    const broken = await signalbox(['import', 'meeting', path.join(fixtures, 'webvtt-py_malformed_missing_timeframe.srt')])
    expect(broken.code).toBe(1)
    expect(broken.stderr).toContain('webvtt-py_malformed_missing_timeframe.srt: line 6: cue 2 has no "start --> end" timing line')
  }, 120_000)
})

describe('with a model assigned to meeting_summary', () => {
  it('stores the model’s analysis; an invalid reply marks the meeting failed, keeps its turns, and analysing again mends it', async () => {
    const provider = (
      await api('POST', '/llm/providers', { name: 'fake', type: 'openai_compatible', baseUrl: fake.url, apiKey: 'sk-test' })
    ).body
    const agent = (await api('POST', '/llm/agents', { name: 'minutes', providerId: provider.id, modelName: 'gpt-4o-mini', temperature: 0 }))
      .body
    const task = (await api('GET', '/llm/task-configs')).body.items.find((c: { name: string }) => c.name === 'meeting_summary')
    expect((await api('POST', '/llm/assignments', { agentId: agent.id, taskId: task.id })).status).toBe(200)

    const reply = {
      summary: 'A reading of the preamble of the US Constitution.',
      attendees: [{ name: 'Speaker 0', role: 'reader' }],
      decisions: ['Read the preamble aloud'],
      topics: ['US Constitution'],
      action_items: [{ task: 'Publish the recording', assignee: 'Speaker 0', deadline: 'next Monday', source_turn_ids: [] }],
    }
    fake.enqueue({ kind: 'content', content: reply })
    const preamble = { name: 'preamble.json', content: fs.readFileSync(path.join(fixtures, 'deepgram_prerecorded_preamble_nova3.json')) }
    const { meeting } = await (await upload(preamble, { recordedAt: '2026-03-04T09:00:00Z' })).json()
    expect(meeting).toMatchObject({
      status: 'extracted',
      analysisModel: 'gpt-4o-mini',
      summary: reply.summary,
      decisions: reply.decisions,
      topics: reply.topics,
      actionItems: [{ task: 'Publish the recording', assignee: 'Speaker 0', deadline: '2026-03-09', proposalStatus: 'pending' }],
    })
    const [call] = await t.database.query<{ task_name: string }>(`SELECT task_name FROM ai_call_log WHERE purpose = 'meeting-summary'`)
    expect(call.task_name).toBe('meeting_summary')

    fake.enqueue({ kind: 'content', content: 'not json' }, { kind: 'content', content: '{"summary": 3}' })
    const subtitles = { name: 'captions.srt', content: fs.readFileSync(path.join(fixtures, 'webvtt-py_sample.srt')) }
    const failed = (await (await upload(subtitles)).json()).meeting
    expect(failed).toMatchObject({ status: 'failed', processingError: expect.any(String), turnCount: 1 })
    expect((await api('GET', '/search?q=caption%20text&source=meetings&mode=fulltext')).body.items.length).toBe(1)
    fake.enqueue({ kind: 'content', content: { ...reply, action_items: [] } })
    expect((await api('POST', `/meetings/${failed.id}/analyse`)).body).toMatchObject({ status: 'extracted', processingError: null })
  })
})
