// The source rows other modules need: connectors, pollers and the webhook inbox find their sources here instead of
// reading the sources table themselves. Lookups by id alone serve callers that learn the workspace from the row
// (a webhook URL names only the source; pollers and the delivery processor serve every workspace).
import type { Queryable } from '../../db/transaction.js'
import type { ServiceContext, SystemContext } from '../../lib/context.js'
import type { SourceType } from './schema.js'

/** A sources row as connectors see it (secrets still sealed). */
export type SourceRow = {
  id: string
  workspace_id: string
  type: SourceType
  name: string
  connector: string | null
  config: Record<string, unknown> | null
  active: boolean
  secrets_encrypted: string | null
  next_retry_at: string | null
  created_at: string
}

const sourceColumns = `id, workspace_id, type, name, connector, config, active, secrets_encrypted, next_retry_at, created_at`

/** The source with this id, whatever its workspace (the caller learns the workspace from it); optionally only if it
 * is connected through `connector`. */
export async function findSourceRow(
  system: Pick<SystemContext, 'database'>,
  id: string,
  filter: { connector?: string } = {},
): Promise<SourceRow | null> {
  const [row] = await system.database.query<SourceRow>(
    `SELECT ${sourceColumns} FROM sources WHERE id = $1 AND ($2::text IS NULL OR connector = $2)`,
    [id, filter.connector ?? null],
  )
  return row ?? null
}

/** Active connected sources of every workspace, for the pollers and schedulers that serve them all. `mode`
 * narrows to sources whose config.mode is that value (a Telegram bot polling rather than receiving webhooks). */
export async function listActiveConnectedSources(
  system: Pick<SystemContext, 'database'>,
  filter: { connector?: string; mode?: string; withoutFailures?: boolean } = {},
): Promise<SourceRow[]> {
  return system.database.query<SourceRow>(
    `SELECT ${sourceColumns} FROM sources
     WHERE connector IS NOT NULL AND active AND ($1::text IS NULL OR connector = $1) AND ($2::text IS NULL OR config->>'mode' = $2)
       AND (NOT $3::boolean OR consecutive_failures = 0)
     ORDER BY created_at`,
    [filter.connector ?? null, filter.mode ?? null, filter.withoutFailures ?? false],
  )
}

/** Active sources of `connector` (every workspace, or the one `id`) not in backoff whose poll interval
 * (config.pollSeconds, default `defaultPollSeconds`) has passed since the last attempt. */
export async function listSourcesDueForPoll(
  system: Pick<SystemContext, 'database'>,
  filter: { connector: string; defaultPollSeconds: number; id?: string },
): Promise<Array<{ id: string; workspace_id: string }>> {
  return system.database.query<{ id: string; workspace_id: string }>(
    `SELECT id, workspace_id FROM sources
     WHERE connector = $1 AND active AND (next_retry_at IS NULL OR next_retry_at <= now())
       AND (last_attempt_at IS NULL
            OR last_attempt_at <= now() - make_interval(secs => coalesce((config->>'pollSeconds')::int, $2::int)))
       AND ($3::uuid IS NULL OR id = $3)`,
    [filter.connector, filter.defaultPollSeconds, filter.id ?? null],
  )
}

/** The workspace's sources, oldest first, optionally narrowed to a connector, a type or one id. */
export async function listWorkspaceSourceRows(
  ctx: Pick<ServiceContext, 'database' | 'workspaceId'>,
  filter: { connector?: string; type?: SourceType; id?: string } = {},
): Promise<SourceRow[]> {
  return ctx.database.query<SourceRow>(
    `SELECT ${sourceColumns} FROM sources
     WHERE workspace_id = $1 AND ($2::text IS NULL OR connector = $2) AND ($3::text IS NULL OR type::text = $3) AND ($4::uuid IS NULL OR id = $4)
     ORDER BY created_at`,
    [ctx.workspaceId, filter.connector ?? null, filter.type ?? null, filter.id ?? null],
  )
}

/** Whether the source still exists in this workspace, read on `q` (a caller's transaction sees its own view). */
export async function sourceExistsInWorkspace(q: Queryable, workspaceId: string, sourceId: string): Promise<boolean> {
  const [row] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM sources WHERE id = $1 AND workspace_id = $2`, [
    sourceId,
    workspaceId,
  ])
  return row.n === 1
}

/** The type of the workspace's source with this id, on the caller's transaction (null when there is none). */
export async function findSourceType(q: Queryable, workspaceId: string, sourceId: string): Promise<SourceType | null> {
  const [row] = await q.query<{ type: SourceType }>(`SELECT type FROM sources WHERE id = $1 AND workspace_id = $2`, [sourceId, workspaceId])
  return row?.type ?? null
}

/** Counts a webhook delivery that failed verification (shown on the source so a misconfigured sender is visible). */
export async function recordRejectedDelivery(system: Pick<SystemContext, 'database'>, sourceId: string): Promise<void> {
  await system.database.query(`UPDATE sources SET rejected_deliveries = rejected_deliveries + 1, last_rejected_at = now() WHERE id = $1`, [
    sourceId,
  ])
}
