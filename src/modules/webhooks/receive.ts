// Store-first receipt of a webhook delivery: verify the sender, store the raw delivery (once per delivery id),
// answer at once. Processing happens later, in the delivery processor. A forged delivery stores only a counter.
import { EventEmitter } from 'node:events'
import type { Config } from '../../config.js'
import type { Database } from '../../db/client.js'
import { NotFoundError, UnauthorizedError, ValidationError } from '../../lib/errors.js'
import { findConnector } from '../connectors/registry.js'
import { decryptSourceSecrets } from '../connectors/source-secrets.js'
import type { WebhookRequest } from '../connectors/connector.js'
import { toConnectedSource } from '../sources/index.js'

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

export type ReceiveResult = { stored: boolean; deliveryId: string; id: number | null }

export async function receiveDelivery(
  deps: { database: Database; config: Config },
  input: { connector: string; sourceId: string; request: WebhookRequest },
): Promise<ReceiveResult> {
  const connector = findConnector(deps.config, input.connector)
  if (!connector.webhook) throw new NotFoundError(`Webhook endpoint of '${connector.id}'`)
  const [row] = await deps.database.query<any>(
    `SELECT id, workspace_id, type, name, connector, config, active, secrets_encrypted FROM sources WHERE id = $1 AND connector = $2`,
    [input.sourceId, connector.id],
  )
  if (!row) throw new NotFoundError('Source')
  const source = toConnectedSource(row)
  if (!connector.webhook.verify(input.request, source, cachedSecrets(deps.config, row.secrets_encrypted))) {
    await deps.database.query(`UPDATE sources SET rejected_deliveries = rejected_deliveries + 1, last_rejected_at = now() WHERE id = $1`, [source.id])
    throw new UnauthorizedError('The delivery is not signed by this source')
  }
  const described = connector.webhook.describe(input.request.body)
  if ('error' in described) throw new ValidationError(`Not a ${connector.title} delivery: ${described.error}`, [{ path: 'body', message: described.error }])
  const stored = await storeDeliveries(deps.database, source, connector.webhook.signatureKind, [{ ...described, payload: input.request.body }])
  return { stored: stored.length > 0, deliveryId: described.deliveryId, id: stored[0] ?? null }
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
