import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { freshDatabase, testConfig, testContext } from '../../../../test/helpers/database.js'
import type { ServiceContext } from '../../../lib/context.js'
import { secretKeyId } from '../../../lib/crypto.js'
import { createProvider, providerEndpoint } from '../providers.js'
import { decryptWithKeyRing, encryptWithKeyRing, loadKeyRing, pendingKeyFile } from '../../../lib/key-ring.js'
import { rotateSecrets, rotateSecretsOnThisMachine } from './rotate-secrets.js'

let base: ServiceContext
beforeAll(async () => {
  base = await testContext(await freshDatabase())
}, 300_000) // building the migrated template is slow on a loaded CI machine
// Rotation covers every row of the database, and each test has its own key files: start each from no secrets.
beforeEach(async () => {
  await base.database.query('DELETE FROM llm_providers')
})

function contextIn(dataDir: string, env: Record<string, string> = {}): ServiceContext {
  return { ...base, config: testConfig({ SIGNALBOX_DATA_DIR: dataDir, ...env }) }
}
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-keys-'))

async function storedKeys(ctx: ServiceContext) {
  return ctx.database.query<{ name: string; api_key_encrypted: string }>(
    'SELECT name, api_key_encrypted FROM llm_providers WHERE workspace_id = $1 ORDER BY name',
    [ctx.workspaceId],
  )
}

describe('secrets at rest', () => {
  it('round-trips a key and stores neither the plaintext nor anything without the key id', () => {
    const ctx = contextIn(tempDir())
    const stored = encryptWithKeyRing(ctx.config, 'sk-live-abcdef')
    expect(stored).not.toContain('sk-live-abcdef')
    expect(secretKeyId(stored)).toBe(loadKeyRing(ctx.config).current.id)
    expect(decryptWithKeyRing(ctx.config, stored)).toBe('sk-live-abcdef')
  })

  it('only the machine itself may rotate: an admin API token is refused and no key file is written', async () => {
    const dir = tempDir()
    const ctx = contextIn(dir)
    const admin: ServiceContext = {
      ...ctx,
      actor: { kind: 'api-token', userId: 'u', tokenId: 't', role: 'owner', scopes: ['admin'], isAdmin: true },
    }
    await expect(rotateSecretsOnThisMachine(admin)).rejects.toThrow('on the server machine')
    expect(fs.existsSync(path.join(dir, pendingKeyFile))).toBe(false)
    expect((await rotateSecretsOnThisMachine({ ...ctx, actor: { kind: 'local-token' } })).reencrypted).toBe(0)
  })

  it('rotation re-encrypts every provider key under a new key, retires the old file and keeps keys readable', async () => {
    const dir = tempDir()
    const ctx = contextIn(dir)
    const a = await createProvider(ctx, { name: 'rot-a', type: 'openai', apiKey: 'sk-aaa-111' })
    await createProvider(ctx, { name: 'rot-b', type: 'openai_compatible', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-bbb-222' })
    const oldId = loadKeyRing(ctx.config).current.id

    const result = await rotateSecrets(ctx)
    expect(result.previousKeyId).toBe(oldId)
    expect(result.newKeyId).not.toBe(oldId)
    expect(result.reencrypted).toBeGreaterThanOrEqual(2)
    for (const row of (await storedKeys(ctx)).filter((r) => r.name.startsWith('rot-'))) {
      expect(secretKeyId(row.api_key_encrypted)).toBe(result.newKeyId)
    }
    expect(fs.existsSync(path.join(dir, pendingKeyFile))).toBe(false)
    expect(fs.readdirSync(dir)).toContain(`secret.key.retired.${oldId}`)
    expect((await providerEndpoint(ctx, a.id)).apiKey).toBe('sk-aaa-111')

    // A second rotation finds nothing under the previous key afterwards.
    const again = await rotateSecrets(ctx)
    expect(again.newKeyId).not.toBe(result.newKeyId)
    expect((await providerEndpoint(ctx, a.id)).apiKey).toBe('sk-aaa-111')
  })

  it('with SIGNALBOX_SECRET_KEY set, rotation leaves the new key pending and still decrypts everything', async () => {
    const dir = tempDir()
    const ctx = contextIn(dir, { SIGNALBOX_SECRET_KEY: 'ab'.repeat(32) })
    const provider = await createProvider(ctx, { name: 'env-provider', type: 'openai', apiKey: 'sk-env-333' })
    const result = await rotateSecrets(ctx)
    expect(result.envUpdateRequired).toBe(true)
    expect(fs.existsSync(path.join(dir, pendingKeyFile))).toBe(true)
    expect((await providerEndpoint(ctx, provider.id)).apiKey).toBe('sk-env-333')
    // Once the operator moves the new key into the environment, the pending file is no longer needed.
    const newKeyHex = fs.readFileSync(path.join(dir, pendingKeyFile), 'utf8').trim()
    fs.unlinkSync(path.join(dir, pendingKeyFile))
    const updated = contextIn(dir, { SIGNALBOX_SECRET_KEY: newKeyHex })
    expect((await providerEndpoint(updated, provider.id)).apiKey).toBe('sk-env-333')
  })

  it('an interrupted rotation (new key written, rows not yet changed) completes when run again', async () => {
    const dir = tempDir()
    const ctx = contextIn(dir)
    const provider = await createProvider(ctx, { name: 'crash-provider', type: 'openai', apiKey: 'sk-crash-444' })
    fs.writeFileSync(path.join(dir, pendingKeyFile), 'cd'.repeat(32) + '\n')
    const result = await rotateSecrets(ctx)
    expect(result.newKeyId).toBe(loadKeyRing(ctx.config).current.id)
    expect(fs.readFileSync(path.join(dir, 'secret.key'), 'utf8').trim()).toBe('cd'.repeat(32))
    expect((await providerEndpoint(ctx, provider.id)).apiKey).toBe('sk-crash-444')
  })
})
