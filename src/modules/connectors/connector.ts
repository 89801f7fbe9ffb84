// What every live connector declares: its setup schema (zod), its secrets, what it can do (pull sync, webhooks,
// send) and the functions behind those capabilities. A connected account is a `sources` row; the framework
// (src/modules/sources) keeps its state, secrets and runs, the webhook inbox (src/modules/webhooks) its deliveries.
import type { z } from 'zod'
import type { Config } from '../../config.js'
import type { ServiceContext } from '../../lib/context.js'
import type { WorkerDeps } from '../../jobs/types.js'
import type { SourceType } from '../sources/index.js'

export type ConnectorCapabilities = { pullSync: boolean; webhooks: boolean; send: boolean }

/** A source row as connectors see it; secrets are decrypted only where a connector asks for them. */
export type ConnectedSource = {
  id: string
  workspaceId: string
  type: SourceType
  name: string
  connector: string
  config: Record<string, unknown>
  active: boolean
}

/** What setup produced: the row's name, its config (shown to people) and its secrets (encrypted, never shown). */
export type ConnectorSetup = {
  name: string
  config: Record<string, unknown>
  secrets: Record<string, string>
  /** Plain-language remarks for the person setting it up (e.g. Telegram privacy mode). */
  notices: string[]
}

export type SyncCounters = { fetched: number; stored: number; skipped: number; errors: number }

export type StoredDelivery = { id: number; eventType: string; deliveryId: string; payload: unknown; attempts: number }
export type DeliveryOutcome = { id: number; error?: string }

export type WebhookRequest = { headers: Record<string, string | string[] | undefined>; body: unknown; rawBody?: string }

export type WriteBackInput = { raw: unknown; action: { kind: 'keyword' | 'folder'; target: string } }

export type Connector = {
  id: string
  sourceType: SourceType
  title: string
  capabilities: ConnectorCapabilities
  /** Present only when the connector can run here (e.g. its environment is set); default: always. */
  isEnabled?: (config: Config) => boolean
  /** What a person enters in the setup form; validated at the edge with this schema. */
  setupSchema: z.ZodType<Record<string, unknown>>
  /** Validates the input against the outside system and returns what to store. `sourceId` is the row's id (made
   * before the row, so a webhook can be registered at its final address); `previous` is set on an update. */
  setup(
    ctx: ServiceContext,
    input: Record<string, unknown>,
    target: { sourceId: string; previous?: { source: ConnectedSource; secrets: Record<string, string> } },
  ): Promise<ConnectorSetup>
  /** Called before the row is deleted or disconnected (e.g. remove a registered webhook). */
  disconnect?(ctx: ServiceContext, source: ConnectedSource, secrets: Record<string, string>): Promise<void>
  /** Periodic pull syncs: the workers run `sync` this often for each active source (none when absent). */
  syncIntervalMinutes?: number
  /** One pull pass ("sync now", scheduled syncs). Returns its counters; throws on failure. */
  sync?(ctx: ServiceContext, source: ConnectedSource, secrets: Record<string, string>): Promise<SyncCounters>
  webhook?: {
    /** How the sender proves itself, for the delivery's `signature` column. */
    signatureKind: string
    /** Checks the sender (secret header, HMAC). Must be cheap: it runs before the 2xx. */
    verify(request: WebhookRequest, source: ConnectedSource, secrets: Record<string, string>): boolean
    /** The delivery's event type and the sender's id for it (duplicates are stored once). Some services name
     * both in headers (GitHub: X-GitHub-Event, X-GitHub-Delivery). */
    describe(body: unknown, headers: WebhookRequest['headers']): { eventType: string; deliveryId: string } | { error: string }
    /** A verified request the service expects an answer to, not a delivery to store (Slack's url_verification
     * handshake answers its challenge). Null for ordinary deliveries. */
    handshake?(body: unknown): { challenge: string } | null
  }
  /** Turns stored deliveries (pushed or polled) into stored data; one outcome per delivery. */
  processDeliveries?(ctx: ServiceContext, source: ConnectedSource, deliveries: StoredDelivery[]): Promise<DeliveryOutcome[]>
  /** Writes a label back to a stored message in the outside mailbox (IMAP: set a keyword, or move it to a folder);
   * `raw` is the message's stored raw, which locates it there. Throws when the message cannot be found. */
  writeBack?(ctx: ServiceContext, source: ConnectedSource, secrets: Record<string, string>, input: WriteBackInput): Promise<void>
  /** Long-running work in the worker process (e.g. Telegram long polling). */
  startServices?(deps: WorkerDeps): { stop(): Promise<void> }
}
