// Store-first receipt of a webhook delivery: verify the sender, store the raw delivery (once per delivery id),
// answer at once. Processing happens later, in the delivery processor. A forged delivery stores only a counter.
import { EventEmitter } from 'node:events'
import type { Config } from '../../config.js'
import type { Database } from '../../db/client.js'
import { NotFoundError, UnauthorizedError, ValidationError } from '../../lib/errors.js'
import { findConnector } from '../connectors/index.js'
import { decryptSourceSecrets } from '../connectors/index.js'
import type { WebhookRequest } from '../connectors/index.js'
import { findSourceRow, recordRejectedDelivery, toConnectedSource, type SourceRow } from '../sources/index.js'

/** Wakes this process's delivery processor as soon as something arrives (other processes poll). */
export const deliveryArrivals = new EventEmitter()

// Decrypting on every delivery would read the key files each time; the decrypted value is keyed by the encrypted
// one, so a rotated or changed secret is a new entry and an old one is never used for it.
const secretsCache = new Map<string, Record<string, string>>()
function cachedSecrets(config: Config, encrypted: string | null): Record<string, string> {
  if (!encrypted) return {}
  let secrets = secretsCache.get(encrypted)
  if (!secrets) {
    if (secretsCache.size > 200) secretsCache.clear()
    secrets = decryptSourceSecrets(config, encrypted)
    secretsCache.set(encrypted, secrets)
  }
  return secrets
}

export type ReceiveResult = { stored: boolean; deliveryId: string; id: number | null; handshake?: { challenge: string } }

export async function receiveDelivery(
  deps: { database: Database; config: Config },
  input: { connector: string; sourceId: string; request: WebhookRequest },
): Promise<ReceiveResult> {
  const connector = findConnector(deps.config, input.connector)
  if (!connector.webhook) throw new NotFoundError(`Webhook endpoint of '${connector.id}'`)
  const row = await sourceForWebhook(deps.database, input.sourceId, connector.id)
  if (!row) throw new NotFoundError('Source')
  const source = toConnectedSource(row)
  if (!connector.webhook.verify(input.request, source, cachedSecrets(deps.config, row.secrets_encrypted))) {
    await recordRejectedDelivery(deps, source.id)
    throw new UnauthorizedError('The delivery is not signed by this source')
  }
  const handshake = connector.webhook.handshake?.(input.request.body)
  if (handshake) return { stored: false, deliveryId: '', id: null, handshake }
  const described = connector.webhook.describe(input.request.body, input.request.headers)
  if ('error' in described)
    throw new ValidationError(`Not a ${connector.title} delivery: ${described.error}`, [{ path: 'body', message: described.error }])
  const stored = await writerFor(deps.database).write({
    source,
    signature: connector.webhook.signatureKind,
    delivery: { ...described, payload: input.request.body },
  })
  return { stored: stored !== null, deliveryId: described.deliveryId, id: stored }
}

// What verifying a delivery needs of its source, kept for a few seconds: on the embedded database every query
// costs a turn of its single connection, and this read was a third of an acknowledgement's time (bench:webhooks).
// A changed secret or a deleted source is seen within the TTL; a delivery stored in that window still waits for
// the processor, which reads the source afresh (and skips paused ones).
const sourceCacheTtlMs = 5000
const sourceCache = new WeakMap<Database, Map<string, { row: SourceRow; at: number }>>()

async function sourceForWebhook(database: Database, sourceId: string, connectorId: string): Promise<SourceRow | null> {
  let cache = sourceCache.get(database)
  if (!cache) sourceCache.set(database, (cache = new Map()))
  const key = `${connectorId}:${sourceId}`
  const hit = cache.get(key)
  if (hit && Date.now() - hit.at < sourceCacheTtlMs) return hit.row
  const row = await findSourceRow({ database }, sourceId, { connector: connectorId })
  if (cache.size > 1000) cache.clear()
  if (row) cache.set(key, { row, at: Date.now() })
  return row
}

type PendingWrite = {
  source: { id: string; workspaceId: string; connector: string }
  signature: string
  delivery: { eventType: string; deliveryId: string; payload: unknown }
  resolve: (id: number | null) => void
  reject: (error: unknown) => void
}

/**
 * Group commit: deliveries that arrive while a write is in flight go together in the next INSERT, and each
 * request is answered once its row is committed. One commit costs ~2.5 ms on the embedded database whatever its
 * size, so one row per commit capped acknowledgements at ~300/s (bench:webhooks); batching keeps up with the
 * offered rate and adds no latency when deliveries are sparse (a lone delivery is written at once).
 */
function writerFor(database: Database) {
  let writer = writers.get(database)
  if (!writer) writers.set(database, (writer = deliveryWriter(database)))
  return writer
}
const writers = new WeakMap<Database, ReturnType<typeof deliveryWriter>>()

function deliveryWriter(database: Database) {
  let queue: PendingWrite[] = []
  let writing = false
  const flush = async () => {
    while (queue.length > 0) {
      const batch = queue
      queue = []
      try {
        const rows = await database.query<{ id: string; source_id: string; delivery_id: string }>(
          `INSERT INTO webhook_deliveries (workspace_id, source_id, connector, event_type, delivery_id, payload, signature)
           SELECT r.workspace_id, r.source_id, r.connector, r.event_type, r.delivery_id, r.payload, r.signature
           FROM jsonb_to_recordset($1::jsonb) AS r(workspace_id uuid, source_id uuid, connector text, event_type text,
             delivery_id text, payload jsonb, signature text)
           ON CONFLICT (source_id, delivery_id) DO NOTHING RETURNING id, source_id, delivery_id`,
          [
            JSON.stringify(
              batch.map((w) => ({
                workspace_id: w.source.workspaceId,
                source_id: w.source.id,
                connector: w.source.connector,
                event_type: w.delivery.eventType,
                delivery_id: w.delivery.deliveryId,
                payload: w.delivery.payload,
                signature: w.signature,
              })),
            ),
          ],
        )
        const inserted = new Map(rows.map((r) => [`${r.source_id}:${r.delivery_id}`, Number(r.id)]))
        // The first request for a key gets its new row; repeats (in this batch or earlier) are duplicates.
        for (const w of batch) {
          const key = `${w.source.id}:${w.delivery.deliveryId}`
          const id = inserted.get(key) ?? null
          inserted.delete(key)
          w.resolve(id)
        }
        if (rows.length > 0) deliveryArrivals.emit('arrived')
      } catch (error) {
        for (const w of batch) w.reject(error)
      }
    }
    writing = false
  }
  return {
    write(input: Omit<PendingWrite, 'resolve' | 'reject'>): Promise<number | null> {
      return new Promise((resolve, reject) => {
        queue.push({ ...input, resolve, reject })
        // setImmediate, not now: the embedded database runs on this thread, so requests that arrived during the
        // last write are parsed only once the event loop turns; writing now would always write one row.
        if (!writing) {
          writing = true
          setImmediate(() => void flush())
        }
      })
    },
  }
}

/** One INSERT for any number of deliveries; duplicates (same source and delivery id) are skipped. Returns new ids. */
export async function storeDeliveries(
  database: Database,
  source: { id: string; workspaceId: string; connector: string },
  signature: string,
  deliveries: Array<{ eventType: string; deliveryId: string; payload: unknown }>,
): Promise<number[]> {
  if (deliveries.length === 0) return []
  const rows = await database.query<{ id: string }>(
    `INSERT INTO webhook_deliveries (workspace_id, source_id, connector, event_type, delivery_id, payload, signature)
     SELECT $1, $2, $3, r.event_type, r.delivery_id, r.payload, $4
     FROM jsonb_to_recordset($5::jsonb) AS r(event_type text, delivery_id text, payload jsonb)
     ON CONFLICT (source_id, delivery_id) DO NOTHING RETURNING id`,
    [
      source.workspaceId,
      source.id,
      source.connector,
      signature,
      JSON.stringify(deliveries.map((d) => ({ event_type: d.eventType, delivery_id: d.deliveryId, payload: d.payload }))),
    ],
  )
  if (rows.length > 0) deliveryArrivals.emit('arrived')
  return rows.map((r) => Number(r.id))
}
