// Asking by voice over real HTTP: a multipart upload through the real app, transcribed by the fake
// OpenAI-compatible server's /audio/transcriptions, answered from a small indexed team chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../test/helpers/database.js'
import { startFakeOpenAi, type FakeOpenAi } from '../../../test/fakes/openai-server.js'
import { configureTranscriber, ingestTeamChat, messageIdOf } from '../../../test/helpers/team-chat.js'
import type { ServiceContext } from '../../lib/context.js'

let t: Awaited<ReturnType<typeof testApp>>
let ctx: ServiceContext
let fake: FakeOpenAi
let address: string

beforeAll(async () => {
  fake = await startFakeOpenAi()
  t = await testApp()
  ctx = { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'local-token' }, log: silentLog, config: testConfig() }
  await ingestTeamChat(ctx)
  address = await t.app.listen({ port: 0, host: '127.0.0.1' })
}, 300_000)
afterAll(async () => {
  await t?.app.close()
  await fake?.close()
})

function askByVoice(fields: Record<string, string | Blob>) {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.append(name, value)
    else form.append(name, value, 'question.webm')
  }
  return fetch(`${address}/api/v1/assistant/ask/voice`, { method: 'POST', headers: t.auth, body: form })
}
const recording = () => new Blob([new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3, 4])], { type: 'audio/webm' })

describe('asking by voice', () => {
  it('answers 409 with a clear message when no transcriber is configured, and stores nothing', async () => {
    const response = await askByVoice({ audio: recording() })
    expect(response.status).toBe(409)
    const body = await response.json()
    expect(body.error.code).toBe('no_transcriber')
    expect(body.error.message).toMatch(/add an agent with the role "transcriber"/)
    const [threads] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM assistant_threads WHERE source = 'voice'`)
    expect(threads.n).toBe(0)
  })

  it('names the missing field and refuses a thread id that is not a uuid', async () => {
    const missing = await askByVoice({ threadId: '00000000-0000-4000-8000-000000000000' })
    expect(missing.status).toBe(400)
    expect((await missing.json()).error.details[0].path).toBe('audio')
    const bad = await askByVoice({ threadId: 'nope', audio: recording() })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.details[0].path).toBe('threadId')
  })

  it('transcribes the recording and answers it with citations in a voice thread; a follow-up continues it', async () => {
    await configureTranscriber(ctx, fake.url)
    fake.transcript = 'When does the TLS certificate expire?'
    const response = await askByVoice({ audio: recording() })
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body.transcript).toBe('When does the TLS certificate expire?')
    expect(body.thread).toMatchObject({ source: 'voice', title: 'When does the TLS certificate expire?' })
    expect(body.content).toMatch(/March/)
    expect(body.citations[0].messageId).toBe(await messageIdOf(ctx, 'ops-5'))
    const sent = fake.requests.filter((r) => r.path === '/v1/audio/transcriptions').at(-1)!
    expect(sent.body).toMatchObject({ model: 'whisper-1', file: { name: 'question.webm', type: 'audio/webm', size: 8 } })

    fake.transcript = 'Who renewed it?'
    const followUp = await (await askByVoice({ threadId: body.thread.id, audio: recording() })).json()
    expect(followUp.thread.id).toBe(body.thread.id)
    const [turns] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM assistant_messages WHERE thread_id = $1', [
      body.thread.id,
    ])
    expect(turns.n).toBe(4)
  })

  it('answers 404 for an unknown thread before paying for a transcription', async () => {
    const before = fake.requests.length
    const response = await askByVoice({ threadId: '00000000-0000-4000-8000-000000000000', audio: recording() })
    expect(response.status).toBe(404)
    expect(fake.requests.length).toBe(before)
  })
})
