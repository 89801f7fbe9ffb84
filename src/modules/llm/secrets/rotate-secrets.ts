// `signalbox secrets rotate`: re-encrypts every registered encrypted column under a new master key.
// Crash-safe order: (1) write the new key to secret.key.next, (2) re-encrypt all rows in one transaction,
// (3) retire the old key file and promote the new one. Re-running after a crash at any step finishes the job,
// because the key ring decrypts with old, new and retired keys alike.
import { inTransaction } from '../../../db/transaction.js'
import { z } from 'zod'
import fs from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import type { Actor, SystemContext } from '../../../lib/context.js'
import { ForbiddenError } from '../../../lib/errors.js'
import { encryptSecret, masterKey, secretKeyId, decryptSecret } from '../../../lib/crypto.js'
import { dataDirFiles } from '../../../lib/data-dir.js'
import { encryptedColumns, type EncryptedColumn } from '../../../db/encrypted-columns.js'
import { loadKeyRing, pendingKeyFile, retiredKeyPrefix } from '../../../lib/key-ring.js'

export const rotationResultSchema = z.object({
  newKeyId: z.string(),
  previousKeyId: z.string(),
  reencrypted: z.number().int(),
  columns: z.number().int(),
  /** Set when SIGNALBOX_SECRET_KEY names the old key: the operator must copy this file's key into it. */
  envUpdateRequired: z.boolean(),
  pendingKeyFile: z.string().optional(),
})
export type RotationResult = z.infer<typeof rotationResultSchema>

const identifier = /^[a-z_][a-z0-9_]*$/

function quoted(column: EncryptedColumn) {
  for (const name of [column.table, column.idColumn, column.column]) {
    if (!identifier.test(name)) throw new Error(`Unsafe identifier in encrypted column registry: ${name}`)
  }
  return { table: `"${column.table}"`, id: `"${column.idColumn}"`, value: `"${column.column}"` }
}

/** Rotation as a service for the CLI, directly or through the server: keys span every workspace and live on this
 * machine, so only the machine's own actors (the local CLI token, the system) may rotate them. */
export async function rotateSecretsOnThisMachine(ctx: SystemContext & { actor: Actor }): Promise<RotationResult> {
  if (ctx.actor.kind !== 'local-token' && ctx.actor.kind !== 'system')
    throw new ForbiddenError('Secrets are rotated with `signalbox secrets rotate` on the server machine')
  return rotateSecrets(ctx)
}

export async function rotateSecrets(ctx: SystemContext, columns: EncryptedColumn[] = encryptedColumns): Promise<RotationResult> {
  const { config } = ctx
  fs.mkdirSync(config.dataDir, { recursive: true })
  const pendingFile = path.join(config.dataDir, pendingKeyFile)
  const before = loadKeyRing(config, ctx.log)
  const primaryFile = path.join(config.dataDir, dataDirFiles.secretKey)
  // A key pending from an interrupted rotation is reused; otherwise a fresh one is written before any row changes.
  if (!fs.existsSync(pendingFile)) fs.writeFileSync(pendingFile, randomBytes(32).toString('hex') + '\n', { mode: 0o600 })
  const ring = loadKeyRing(config, ctx.log)
  const next = ring.current
  const previousKeyId = before.all.find((k) => k.id !== next.id)?.id ?? before.current.id

  const reencrypted = await inTransaction(ctx, async (q) => {
    let count = 0
    for (const column of columns) {
      const c = quoted(column)
      const rows = await q.query<{ id: string; value: string }>(
        `SELECT ${c.id}::text AS id, ${c.value} AS value FROM ${c.table} WHERE ${c.value} IS NOT NULL FOR UPDATE`,
      )
      for (const row of rows) {
        if (secretKeyId(row.value) === next.id) continue
        const plaintext = decryptSecret(row.value, ring.all)
        await q.query(`UPDATE ${c.table} SET ${c.value} = $1 WHERE ${c.id}::text = $2`, [encryptSecret(plaintext, next), row.id])
        count++
      }
    }
    return count
  })

  if (config.secretKeyHex) {
    // The environment cannot be changed from here: the new key stays in secret.key.next (and keeps encrypting)
    // until the operator sets SIGNALBOX_SECRET_KEY to it and deletes the file.
    ctx.log.warn({ file: pendingFile }, 'Secrets re-encrypted: set SIGNALBOX_SECRET_KEY to the key in this file, then delete the file')
    return { newKeyId: next.id, previousKeyId, reencrypted, columns: columns.length, envUpdateRequired: true, pendingKeyFile: pendingFile }
  }
  if (fs.existsSync(primaryFile)) {
    const old = masterKey(Buffer.from(fs.readFileSync(primaryFile, 'utf8').trim(), 'hex'))
    if (old.id !== next.id) fs.renameSync(primaryFile, path.join(config.dataDir, `${retiredKeyPrefix}${old.id}`))
  }
  fs.renameSync(pendingFile, primaryFile)
  ctx.log.info({ newKeyId: next.id, previousKeyId, reencrypted }, 'Master key rotated')
  return { newKeyId: next.id, previousKeyId, reencrypted, columns: columns.length, envUpdateRequired: false }
}
