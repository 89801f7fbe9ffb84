// Sources: the channels messages come from. A connected one (sources.connector set) is a live account whose
// state, secrets and runs the framework keeps; the others were made by imports. Every query is workspace-scoped.
import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { ConflictError, NotFoundError, ValidationError, zodIssuesToDetails } from '../../lib/errors.js'
import type { ConnectedSource } from '../connectors/index.js'
import { decryptSourceSecrets, encryptSourceSecrets } from '../connectors/index.js'
import { findConnector } from '../connectors/index.js'
import type { SourceType } from './schema.js'
import type { SourceRow } from './source-lookups.js'
import { messageStatsBySource, type SourceMessageStats } from '../messages/index.js'

export type SourceState = 'connected' | 'paused' | 'failing' | 'imported'

export type SourceView = {
  id: string
  type: SourceType
  name: string
  connector: string | null
  config: Record<string, unknown>
  state: SourceState
  lastError: string | null
  consecutiveFailures: number
  nextRetryAt: string | null
  lastSuccessAt: string | null
  /** Seconds since the newest stored message (how far behind the channel we may be). */
  lagSeconds: number | null
  messageCount: number
  conversationCount: number
  lastMessageAt: string | null
  rejectedDeliveries: number
  deliveries: { pending: number; dead: number }
  createdAt: string
}

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString())

// Delivery counts are read here rather than through the webhooks module, which builds on this one (it finds its
// sources here): calling it would close an import cycle.
const selectSources = `
  SELECT s.*,
    (SELECT count(*) FROM webhook_deliveries d WHERE d.source_id = s.id AND d.status IN ('received', 'processing'))::int AS pending,
    (SELECT count(*) FROM webhook_deliveries d WHERE d.source_id = s.id AND d.status = 'dead')::int AS dead
  FROM sources s WHERE s.workspace_id = $1`

type SourceListRow = SourceRow & {
  last_error: string | null
  consecutive_failures: number
  last_success_at: string | null
  rejected_deliveries: number
  pending: number
  dead: number
}

function toSourceView(r: SourceListRow, stats: SourceMessageStats | undefined): SourceView {
  const state: SourceState = !r.connector ? 'imported' : !r.active ? 'paused' : r.consecutive_failures > 0 ? 'failing' : 'connected'
  const lastMessageAt = stats?.lastMessageAt ?? null
  return {
    id: r.id,
    type: r.type,
    name: r.name,
    connector: r.connector,
    config: r.config ?? {},
    state,
    lastError: r.last_error,
    consecutiveFailures: r.consecutive_failures,
    nextRetryAt: iso(r.next_retry_at),
    lastSuccessAt: iso(r.last_success_at),
    lagSeconds: lastMessageAt ? Math.max(0, Math.round((Date.now() - Date.parse(lastMessageAt)) / 1000)) : null,
    messageCount: stats?.messageCount ?? 0,
    conversationCount: stats?.conversationCount ?? 0,
    lastMessageAt,
    rejectedDeliveries: r.rejected_deliveries,
    deliveries: { pending: r.pending, dead: r.dead },
    createdAt: iso(r.created_at)!,
  }
}

/** The rows as views, with what the messages module counts of each. */
async function toSourceViews(ctx: ServiceContext, rows: SourceListRow[]): Promise<SourceView[]> {
  const stats = await messageStatsBySource(
    ctx,
    rows.map((r) => r.id),
  )
  return rows.map((r) => toSourceView(r, stats.get(r.id)))
}

export async function listSources(ctx: ServiceContext): Promise<SourceView[]> {
  const rows = await ctx.database.query<SourceListRow>(`${selectSources} ORDER BY s.type, s.name`, [ctx.workspaceId])
  return toSourceViews(ctx, rows)
}

export async function getSource(ctx: ServiceContext, id: string): Promise<SourceView> {
  const rows = await ctx.database.query<SourceListRow>(`${selectSources} AND s.id = $2`, [ctx.workspaceId, id])
  if (!rows[0]) throw new NotFoundError('Source')
  return (await toSourceViews(ctx, rows))[0]
}

/** A connected source with its decrypted secrets, for connectors. */
export async function loadConnectedSource(
  ctx: Pick<ServiceContext, 'database' | 'config' | 'workspaceId'>,
  id: string,
): Promise<{ source: ConnectedSource; secrets: Record<string, string> }> {
  const [row] = await ctx.database.query<SourceRow>(
    `SELECT id, workspace_id, type, name, connector, config, active, secrets_encrypted FROM sources
     WHERE id = $1 AND workspace_id = $2 AND connector IS NOT NULL`,
    [id, ctx.workspaceId],
  )
  if (!row) throw new NotFoundError('Connected source')
  return { source: toConnectedSource(row), secrets: decryptSourceSecrets(ctx.config, row.secrets_encrypted) }
}

/** A connected row (connector set) as the connector contract's ConnectedSource. */
export function toConnectedSource(
  row: Pick<SourceRow, 'id' | 'workspace_id' | 'type' | 'name' | 'connector' | 'config' | 'active'>,
): ConnectedSource {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    type: row.type,
    name: row.name,
    connector: row.connector ?? '',
    config: row.config ?? {},
    active: row.active,
  }
}

function parseSetupInput(connectorId: string, schema: z.ZodType<Record<string, unknown>>, input: unknown) {
  const parsed = schema.safeParse(input ?? {})
  if (!parsed.success) {
    throw new ValidationError(
      `Invalid ${connectorId} settings`,
      zodIssuesToDetails(parsed.error.issues).map((d) => ({ ...d, path: `settings.${d.path}` })),
    )
  }
  return parsed.data
}

export type CreateSourceInput = { connector: string; name?: string; settings: Record<string, unknown> }

/** Connects an account: the connector validates the settings against its service, then the row is stored. */
export async function createConnectedSource(ctx: ServiceContext, input: CreateSourceInput): Promise<SourceView & { notices: string[] }> {
  const connector = findConnector(ctx.config, input.connector)
  const settings = parseSetupInput(connector.id, connector.setupSchema, input.settings)
  const sourceId = randomUUID()
  const setup = await connector.setup(ctx, settings, { sourceId })
  const name = input.name?.trim() || setup.name
  const [row] = await ctx.database.query<{ id: string }>(
    `INSERT INTO sources (id, workspace_id, type, name, connector, config, secrets_encrypted)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
     ON CONFLICT (workspace_id, type, name) DO NOTHING RETURNING id`,
    [
      sourceId,
      ctx.workspaceId,
      connector.sourceType,
      name,
      connector.id,
      JSON.stringify(setup.config),
      encryptSourceSecrets(ctx.config, setup.secrets),
    ],
  )
  if (!row) {
    const draft = {
      id: sourceId,
      workspaceId: ctx.workspaceId,
      type: connector.sourceType,
      name,
      connector: connector.id,
      config: setup.config,
      active: false,
    }
    await connector.disconnect?.(ctx, draft, setup.secrets).catch(() => undefined)
    throw new ConflictError(`A ${connector.sourceType} source named '${name}' already exists`, [{ path: 'name', message: 'already used' }])
  }
  return { ...(await getSource(ctx, sourceId)), notices: setup.notices }
}

export async function updateConnectedSource(
  ctx: ServiceContext,
  id: string,
  input: { name?: string; settings?: Record<string, unknown> },
): Promise<SourceView & { notices: string[] }> {
  const current = await loadConnectedSource(ctx, id)
  let notices: string[] = []
  if (input.settings) {
    const connector = findConnector(ctx.config, current.source.connector)
    const setup = await connector.setup(ctx, parseSetupInput(connector.id, connector.setupSchema, input.settings), {
      sourceId: id,
      previous: current,
    })
    notices = setup.notices
    await ctx.database.query(
      `UPDATE sources SET config = $3::jsonb, secrets_encrypted = $4, updated_at = now() WHERE id = $1 AND workspace_id = $2`,
      [id, ctx.workspaceId, JSON.stringify(setup.config), encryptSourceSecrets(ctx.config, setup.secrets)],
    )
  }
  if (input.name?.trim()) {
    const renamed = await ctx.database
      .query(`UPDATE sources SET name = $3, updated_at = now() WHERE id = $1 AND workspace_id = $2 RETURNING id`, [
        id,
        ctx.workspaceId,
        input.name.trim(),
      ])
      .catch((error) => {
        if ((error as { code?: string }).code === '23505')
          throw new ConflictError('Another source has this name', [{ path: 'name', message: 'already used' }])
        throw error
      })
    if (renamed.length === 0) throw new NotFoundError('Source')
  }
  return { ...(await getSource(ctx, id)), notices }
}

export async function setSourcePaused(ctx: ServiceContext, id: string, paused: boolean): Promise<SourceView> {
  const rows = await ctx.database.query(
    `UPDATE sources SET active = $3, updated_at = now(), next_retry_at = CASE WHEN $3 THEN NULL ELSE next_retry_at END
     WHERE id = $1 AND workspace_id = $2 AND connector IS NOT NULL RETURNING id`,
    [id, ctx.workspaceId, !paused],
  )
  if (rows.length === 0) throw new NotFoundError('Connected source')
  return getSource(ctx, id)
}

/**
 * Deletes a source. keepMessages: the connection goes (secrets, remote registration) but the row and its
 * messages stay as an imported source; otherwise the row goes with its conversations, messages and deliveries.
 */
export async function deleteSource(
  ctx: ServiceContext,
  id: string,
  input: { keepMessages: boolean },
): Promise<{ deletedMessages: number }> {
  const view = await getSource(ctx, id)
  if (view.connector) {
    const { source, secrets } = await loadConnectedSource(ctx, id)
    const connector = findConnector(ctx.config, source.connector)
    await connector
      .disconnect?.(ctx, source, secrets)
      .catch((error) => ctx.log.warn({ err: error, sourceId: id }, 'could not undo the remote registration; deleting the source anyway'))
  }
  if (input.keepMessages) {
    await ctx.database.query(
      `UPDATE sources SET connector = NULL, secrets_encrypted = NULL, active = false, updated_at = now() WHERE id = $1 AND workspace_id = $2`,
      [id, ctx.workspaceId],
    )
    await ctx.database.query(`DELETE FROM webhook_deliveries WHERE source_id = $1 AND workspace_id = $2`, [id, ctx.workspaceId])
    return { deletedMessages: 0 }
  }
  await ctx.database.query(`DELETE FROM sources WHERE id = $1 AND workspace_id = $2`, [id, ctx.workspaceId])
  return { deletedMessages: view.messageCount }
}
