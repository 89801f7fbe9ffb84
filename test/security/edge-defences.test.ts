// Replays issue 18 items 8, 9, 10 and 13: a world-readable data dir, the CLI's "Invalid URL" when another CLI
// held the data dir, a 500 for a workspace slug in X-Signalbox-Workspace, and the defence-in-depth gaps
// (no CSP, foreign filter ids silently accepted, X-Forwarded-Host always trusted, unbounded zip inflation).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import yazl from 'yazl'
import { testApp } from '../helpers/app.js'
import { createTestUser, createTestWorkspace, login, type Session } from '../helpers/identity.js'
import { runSignalbox } from '../helpers/cli.js'
import type { Database } from '../../src/db/client.js'
import { openPglite } from '../../src/db/client.js'
import { securePrivateDir } from '../../src/lib/data-dir.js'
import { openExportArchive } from '../../src/modules/importers/export-archive.js'
import { ImportFileError } from '../../src/modules/importers/import-types.js'

let app: FastifyInstance
let database: Database
let auth: Record<string, string>
let owner: Session
let workspaceId: string

beforeAll(async () => {
  const built = await testApp()
  app = built.app
  database = built.database
  auth = built.auth
  const user = await createTestUser(database)
  workspaceId = (await createTestWorkspace(database, user.id, 'edge-team')).id
  owner = await login(app, user.username, undefined, '10.18.9.1')
}, 300_000)
afterAll(async () => {
  await app.close()
})

const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix))
const modeOf = (file: string) => fs.statSync(file).mode & 0o777

/** Every folder and file under `dir` whose mode lets group or others in. */
function openToOthers(dir: string): string[] {
  const open: string[] = []
  const walk = (current: string) => {
    if (modeOf(current) & 0o077) open.push(current)
    if (fs.statSync(current).isDirectory()) for (const name of fs.readdirSync(current)) walk(path.join(current, name))
  }
  walk(dir)
  return open
}

describe('data dir permissions', () => {
  it('creates the embedded database owner-only under umask 022, and tightens an existing open data dir', async () => {
    const previous = process.umask(0o022)
    try {
      const fresh = path.join(tempDir('signalbox-perm-'), 'data')
      const database = await openPglite(fresh)
      await database.close()
      expect(fs.readdirSync(path.join(fresh, 'pgdata')).length).toBeGreaterThan(5)
      expect(openToOthers(fresh)).toEqual([])

      const existing = tempDir('signalbox-perm-old-')
      fs.mkdirSync(path.join(existing, 'pgdata'))
      fs.writeFileSync(path.join(existing, 'pgdata', 'PG_VERSION'), '17')
      // As an older version left it under umask 022 (chmod: this process's umask is already tightened).
      fs.chmodSync(existing, 0o755)
      fs.chmodSync(path.join(existing, 'pgdata'), 0o755)
      fs.chmodSync(path.join(existing, 'pgdata', 'PG_VERSION'), 0o666)
      const warnings: unknown[] = []
      const fixed = securePrivateDir(existing, { warn: (...args: unknown[]) => warnings.push(args) } as any)
      expect(fixed).toBe(3)
      expect(warnings).toHaveLength(1)
      expect(openToOthers(existing)).toEqual([])
    } finally {
      process.umask(previous)
    }
  })
})

describe('CLI while another CLI holds the data dir', () => {
  let holder: ChildProcess
  afterAll(() => {
    holder?.kill()
  })

  it('names the other command and what to do, with no stack trace, even with a stale local token', async () => {
    const dataDir = tempDir('signalbox-lock-')
    // What a long local import leaves: its lock (url 'cli') and the token of a server that ran once before.
    holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' })
    fs.writeFileSync(
      path.join(dataDir, 'signalbox.lock'),
      JSON.stringify({ pid: holder.pid, url: 'cli', startedAt: new Date().toISOString() }),
    )
    fs.writeFileSync(path.join(dataDir, 'local-token'), 'stale-token-of-an-earlier-server')
    const file = path.join(dataDir, 'one.jsonl')
    fs.writeFileSync(
      file,
      JSON.stringify({ externalId: '1', conversation: { externalId: 'c' }, sentAt: '2026-01-01T00:00:00Z', content: 'x' }) + '\n',
    )

    const run = await runSignalbox(dataDir, ['import', 'jsonl', file])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`Another signalbox command (pid ${holder.pid}`)
    expect(run.stderr).toMatch(/Wait for it to finish/)
    expect(run.stderr).not.toMatch(/Invalid URL|TypeError|\n\s+at /)
  }, 120_000)
})

describe('workspace header', () => {
  it('accepts a workspace slug with the local token and answers 400 for an unknown one', async () => {
    const bySlug = await app.inject({ method: 'GET', url: '/api/v1/topics', headers: { ...auth, 'x-signalbox-workspace': 'edge-team' } })
    expect(bySlug.statusCode).toBe(200)
    const topic = await app.inject({
      method: 'POST',
      url: '/api/v1/topics',
      headers: { ...auth, 'x-signalbox-workspace': 'edge-team' },
      payload: { name: 'in edge team' },
    })
    expect(topic.statusCode).toBe(201)
    const [row] = await database.query<{ workspace_id: string }>(`SELECT workspace_id FROM topics WHERE id = $1`, [topic.json().id])
    expect(row.workspace_id).toBe(workspaceId)

    const unknown = await app.inject({
      method: 'GET',
      url: '/api/v1/topics',
      headers: { ...auth, 'x-signalbox-workspace': 'no-such-team' },
    })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.details[0].path).toBe('headers.x-signalbox-workspace')
  })
})

describe('defence in depth', () => {
  it('sends a Content-Security-Policy that allows only our own scripts', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' })
    const policy = String(response.headers['content-security-policy'])
    expect(policy).toContain("script-src 'self'")
    expect(policy).toContain("frame-ancestors 'none'")
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/)
  })

  it("refuses another workspace's source, topic, person or conversation id in filters with 404", async () => {
    await app.inject({
      method: 'POST',
      url: '/api/v1/ingest/messages',
      headers: auth,
      payload: {
        source: { type: 'api', name: 'default-ws-source' },
        messages: [
          {
            externalId: 'd1',
            conversation: { externalId: 'dc' },
            author: { externalId: 'da' },
            sentAt: '2026-01-01T00:00:00Z',
            content: 'secret plans',
          },
        ],
      },
    })
    const [foreign] = await database.query<{ source_id: string; conversation_id: string }>(
      `SELECT source_id, conversation_id FROM messages WHERE external_id = 'd1'`,
    )
    const [person] = await database.query<{ person_id: string }>(`SELECT person_id FROM identities WHERE external_id = 'da'`)
    const ownerHeaders = { ...owner.headers, 'x-signalbox-workspace': workspaceId }
    for (const filter of [`sourceId=${foreign.source_id}`, `conversationId=${foreign.conversation_id}`, `personId=${person.person_id}`]) {
      const search = await app.inject({ method: 'GET', url: `/api/v1/search?q=plans&${filter}`, headers: ownerHeaders })
      expect(search.statusCode, filter).toBe(404)
    }
    const conversations = await app.inject({
      method: 'GET',
      url: `/api/v1/conversations?sourceId=${foreign.source_id}`,
      headers: ownerHeaders,
    })
    expect(conversations.statusCode).toBe(404)
    // Its own workspace still filters by it.
    expect(
      (await app.inject({ method: 'GET', url: `/api/v1/search?q=plans&sourceId=${foreign.source_id}`, headers: auth })).statusCode,
    ).toBe(200)
  })

  it('trusts X-Forwarded-Host for the CSRF origin check only with SIGNALBOX_TRUST_PROXY', async () => {
    const forged = await app.inject({
      method: 'POST',
      url: '/api/v1/topics',
      headers: {
        ...owner.headers,
        'x-signalbox-workspace': workspaceId,
        origin: 'https://evil.example',
        'x-forwarded-host': 'evil.example',
        host: 'localhost:3000',
      },
      payload: { name: 'forged' },
    })
    expect(forged.statusCode).toBe(403)
  })

  it('refuses a zip archive whose files inflate past the total limit', async () => {
    const zipFile = path.join(tempDir('signalbox-zip-'), 'bomb.zip')
    const zip = new yazl.ZipFile()
    for (const name of ['users.json', 'channels.json', 'general/2026-01-01.json']) zip.addBuffer(Buffer.alloc(4096, 0x20), name)
    zip.end()
    await new Promise<void>((resolve, reject) =>
      zip.outputStream.pipe(fs.createWriteStream(zipFile)).on('close', resolve).on('error', reject),
    )
    expect(fs.statSync(zipFile).size).toBeLessThan(4096)
    const refused = await openExportArchive(zipFile, { maxTotalBytes: 10_000 }).catch((error) => error)
    expect(refused).toBeInstanceOf(ImportFileError)
    expect(refused.message).toMatch(/inflates to 12288 bytes, over the limit of 10000/)
    const allowed = await openExportArchive(zipFile, { maxTotalBytes: 20_000 })
    expect(allowed.files).toHaveLength(3)
    allowed.close()
  })
})
