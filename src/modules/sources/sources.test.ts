// Sources through the real API and CLI: imported and connected sources with state and counts, "sync now" audited
// in job_runs, failure state with backoff, and deletion that keeps or drops the messages.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/helpers/app.js'
import { silentLog, testConfig } from '../../../test/helpers/database.js'
import { connectBot, drainDeliveries, groupMessageUpdate } from '../../../test/helpers/telegram.js'
import { startFakeBotApi, type FakeBotApi } from '../../../test/fakes/telegram-bot-api.js'
import { runSignalbox } from '../../../test/helpers/cli.js'
import { runImport } from '../importers/index.js'
import { retryDelaySeconds } from './source-state.js'
import { formatSourceLine } from './sources-command.js'
import type { SourceView } from './service.js'

let t: Awaited<ReturnType<typeof testApp>>
let fake: FakeBotApi
const config = testConfig()

beforeAll(async () => {
  fake = await startFakeBotApi()
  t = await testApp({ config })
  const jsonl = path.resolve(import.meta.dirname, '../../../test/fixtures/importers/jsonl/messages.jsonl')
  await runImport(
    { database: t.database, workspaceId: t.defaultWorkspaceId, actor: { kind: 'local-token' }, log: silentLog, config },
    { kind: 'jsonl', path: jsonl },
  )
})
afterAll(async () => {
  await t?.app.close()
  await fake?.close()
})

const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, headers: t.auth, payload })

describe('sources', () => {
  let botId: string

  it('lists imported and connected sources with their state and counts', async () => {
    botId = (await connectBot(t, fake)).id
    const items = (await api('GET', '/api/v1/sources')).json().items
    const imported = items.find((s: any) => s.state === 'imported')
    expect(imported.messageCount).toBeGreaterThan(0)
    expect(imported.connector).toBeNull()
    const bot = items.find((s: any) => s.id === botId)
    expect(bot).toMatchObject({ type: 'telegram', connector: 'telegram', state: 'connected', messageCount: 0, consecutiveFailures: 0 })
    const connectors = (await api('GET', '/api/v1/connectors')).json().items
    expect(connectors[0]).toMatchObject({ id: 'telegram', capabilities: { pullSync: true, webhooks: true, send: true } })
    expect(connectors[0].settingsSchema.properties.botToken).toBeDefined()
  })

  it('"sync now" pulls once, records the run in job_runs and updates the counts', async () => {
    fake.pushUpdates(
      groupMessageUpdate({ chatId: -1003333333333, messageId: 1, text: 'first' }),
      groupMessageUpdate({ chatId: -1003333333333, messageId: 2, text: 'second' }),
    )
    const synced = await api('POST', `/api/v1/sources/${botId}/sync`)
    expect(synced.statusCode).toBe(200)
    expect(synced.json()).toMatchObject({ queued: false, result: { status: 'completed', fetched: 2, stored: 2, skipped: 0, errors: 0 } })
    const [run] = await t.database.query<any>(`SELECT kind, status, fetched, stored FROM job_runs WHERE id = $1`, [
      synced.json().result.jobRunId,
    ])
    expect(run).toEqual({ kind: 'sync:telegram', status: 'completed', fetched: 2, stored: 2 })
    await drainDeliveries(t.database, config)
    const bot = (await api('GET', `/api/v1/sources/${botId}`)).json()
    expect(bot).toMatchObject({ messageCount: 2, conversationCount: 1, state: 'connected' })
    expect(bot.lastSuccessAt).not.toBeNull()
  })

  it('shows a failing source with its error, failure count and next retry', async () => {
    fake.failNext('getUpdates', { error_code: 401, description: 'Unauthorized' })
    const synced = (await api('POST', `/api/v1/sources/${botId}/sync`)).json()
    expect(synced.result).toMatchObject({ status: 'failed', errors: 1 })
    const bot = (await api('GET', `/api/v1/sources/${botId}`)).json()
    expect(bot.state).toBe('failing')
    expect(bot.consecutiveFailures).toBe(1)
    expect(bot.lastError).toContain('401')
    expect(Date.parse(bot.nextRetryAt) - Date.now()).toBeGreaterThan((retryDelaySeconds(1) - 5) * 1000)
  })

  it('lists sources on the command line by id, type, state, counts and name (the names search --source takes)', async () => {
    const items = (await api('GET', '/api/v1/sources')).json().items as SourceView[]
    const line = formatSourceLine(items.find((s) => s.id === botId)!)
    expect(line).toMatch(
      new RegExp(
        `^${botId}  telegram  failing\\s+2 msgs\\s+1 convs  last .+  @${fake.botInfo.username} \\(1 failures, next try .+: .*401.*\\)$`,
      ),
    )
    // The real command, on a fresh data dir (one process: start-up and migration dominate its time).
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-sources-'))
    try {
      const listed = await runSignalbox(dataDir, ['sources', 'list'])
      expect(listed.code, listed.stderr).toBe(0)
      expect(listed.stdout).toBe('No sources yet: import an export or connect an account.\n')
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }, 180_000)

  it('deletes a connection but keeps its messages, or deletes both', async () => {
    const kept = await api('DELETE', `/api/v1/sources/${botId}?keepMessages=true`)
    expect(kept.json()).toEqual({ deletedMessages: 0 })
    const after = (await api('GET', `/api/v1/sources/${botId}`)).json()
    expect(after).toMatchObject({ state: 'imported', connector: null, messageCount: 2 })
    const [row] = await t.database.query<any>(`SELECT secrets_encrypted FROM sources WHERE id = $1`, [botId])
    expect(row.secrets_encrypted).toBeNull()
    const gone = await api('DELETE', `/api/v1/sources/${botId}?keepMessages=false`)
    expect(gone.json()).toEqual({ deletedMessages: 2 })
    expect((await api('GET', `/api/v1/sources/${botId}`)).statusCode).toBe(404)
    expect(await t.database.query(`SELECT 1 FROM messages WHERE source_id = $1`, [botId])).toHaveLength(0)
  })

  it('asks whether to keep the messages: keepMessages is required', async () => {
    const response = await api('DELETE', `/api/v1/sources/00000000-0000-4000-8000-000000000000`)
    expect(response.statusCode).toBe(400)
    expect(JSON.stringify(response.json().error)).toContain('keepMessages')
  })
})
