// Applies GitHub records: issues and pull requests upserted when not older than what is stored, their bodies and
// comments stored as messages (idempotent by GitHub ids), and each row pointed at its conversation.
import type { ServiceContext } from '../../../lib/context.js'
import { findConversationIds, storeMessages, upsertConversationFacts, type IngestMessage } from '../../messages/index.js'
import { inTransaction } from '../../../db/transaction.js'
import type { ConnectedSource, SyncCounters } from '../connector.js'
import { itemBodyMessage, itemConversationId, type GithubObject, type ItemRecord } from './records.js'

export type GithubBatch = {
  items: Array<{ record: ItemRecord; raw: GithubObject }>
  messages: IngestMessage[]
  /** Pull request number → the state of its latest review. */
  reviews?: Map<number, string>
}

const columns = `workspace_id, source_id, project_id, repository, github_id, number, title, body, state, labels, assignee, author, url,
  github_created_at, github_updated_at, closed_at`
const selectColumns = `$1, $2, $3, r.repository, r.github_id, r.number, r.title, r.body, r.state, coalesce(r.labels, '[]'), r.assignee, r.author, r.url,
  r.created_at, r.updated_at, r.closed_at`
const recordset = `repository text, github_id bigint, number int, title text, body text, state text, labels jsonb, assignee text, author text,
  url text, created_at timestamptz, updated_at timestamptz, closed_at timestamptz`
const updates = (table: string) => `title = excluded.title, body = excluded.body, state = excluded.state, labels = excluded.labels,
  assignee = excluded.assignee, url = excluded.url, github_updated_at = excluded.github_updated_at, closed_at = excluded.closed_at,
  updated_at = now()
  WHERE ${table}.github_updated_at IS NULL OR excluded.github_updated_at IS NULL OR excluded.github_updated_at >= ${table}.github_updated_at`

function newest(items: GithubBatch['items']): GithubBatch['items'] {
  const kept = new Map<string, GithubBatch['items'][number]>()
  for (const item of items) {
    const key = `${item.record.kind}:${item.record.number}`
    const current = kept.get(key)
    if (!current || Date.parse(item.record.updatedAt ?? '') >= Date.parse(current.record.updatedAt ?? '')) kept.set(key, item)
  }
  return [...kept.values()]
}

export async function applyGithubBatch(
  ctx: ServiceContext,
  source: Pick<ConnectedSource, 'id' | 'name' | 'config'>,
  batch: GithubBatch,
): Promise<SyncCounters> {
  const items = newest(batch.items)
  const issues = items.filter((i) => i.record.kind === 'issue').map((i) => i.record)
  const pulls = items.filter((i) => i.record.kind === 'pull_request' && i.record.branchTo !== undefined).map((i) => i.record)
  const projectId = (source.config.projectId as string | undefined) ?? null
  const won = await inTransaction(ctx, async (q) => {
    const params = (rows: ItemRecord[]) => [
      ctx.workspaceId,
      source.id,
      projectId,
      JSON.stringify(
        rows.map((r) => ({
          repository: r.repository,
          github_id: r.githubId,
          number: r.number,
          title: r.title,
          body: r.body,
          state: r.state,
          labels: r.labels,
          assignee: r.assignee,
          author: r.author,
          url: r.url,
          created_at: r.createdAt,
          updated_at: r.updatedAt,
          closed_at: r.closedAt,
          branch_from: r.branchFrom,
          branch_to: r.branchTo,
          is_draft: r.isDraft,
          merged: r.merged,
          merged_at: r.mergedAt,
        })),
      ),
    ]
    const issueRows = issues.length
      ? await q.query<{ number: number }>(
          `INSERT INTO github_issues (${columns}) SELECT ${selectColumns} FROM jsonb_to_recordset($4::jsonb) AS r(${recordset})
           ON CONFLICT (source_id, number) DO UPDATE SET ${updates('github_issues')} RETURNING number`,
          params(issues),
        )
      : []
    const pullRows = pulls.length
      ? await q.query<{ number: number }>(
          `INSERT INTO pull_requests (${columns}, branch_from, branch_to, is_draft, merged, merged_at)
           SELECT ${selectColumns}, r.branch_from, r.branch_to, r.is_draft, r.merged, r.merged_at
           FROM jsonb_to_recordset($4::jsonb) AS r(${recordset}, branch_from text, branch_to text, is_draft boolean, merged boolean, merged_at timestamptz)
           ON CONFLICT (source_id, number) DO UPDATE SET branch_from = excluded.branch_from, branch_to = excluded.branch_to,
             is_draft = excluded.is_draft, merged = excluded.merged, merged_at = excluded.merged_at, ${updates('pull_requests')}
           RETURNING number`,
          params(pulls),
        )
      : []
    for (const [number, state] of batch.reviews ?? []) {
      await q.query(`UPDATE pull_requests SET review_status = $3 WHERE source_id = $1 AND number = $2`, [
        source.id,
        number,
        state.toLowerCase(),
      ])
    }
    return new Set([...issueRows.map((r) => `issue:${r.number}`), ...pullRows.map((r) => `pull_request:${r.number}`)])
  })
  // A pull request known only from the issues list (no branches yet) still gets its conversation and body.
  const winners = items.filter(
    (i) => won.has(`${i.record.kind}:${i.record.number}`) || (i.record.kind === 'pull_request' && i.record.branchTo === undefined),
  )
  const sourceRef = { type: 'github' as const, name: source.name }
  await upsertConversationFacts(ctx, {
    source: sourceRef,
    conversations: winners.map(({ record }) => ({
      externalId: itemConversationId(record.repository, record.number),
      kind: 'thread' as const,
      metadata: {
        github: {
          kind: record.kind,
          number: record.number,
          state: record.state,
          labels: record.labels,
          url: record.url,
          merged: record.merged ?? null,
        },
      },
    })),
  })
  const messages = [...winners.map(({ record, raw }) => itemBodyMessage(record, raw)), ...batch.messages]
  const stored = messages.length ? await storeMessages(ctx, { source: sourceRef, messages }) : { created: 0, updated: 0, skipped: 0 }
  for (const table of ['github_issues', 'pull_requests']) {
    const unlinked = await ctx.database.query<{ id: string; repository: string; number: number }>(
      `SELECT id, repository, number FROM ${table} WHERE source_id = $1 AND conversation_id IS NULL`,
      [source.id],
    )
    const conversations = await findConversationIds(
      ctx,
      source.id,
      unlinked.map((item) => itemConversationId(item.repository, item.number)),
    )
    const links = unlinked.flatMap((item) => {
      const conversationId = conversations.get(itemConversationId(item.repository, item.number))
      return conversationId ? [{ id: item.id, conversation_id: conversationId }] : []
    })
    if (links.length === 0) continue
    await ctx.database.query(
      `UPDATE ${table} t SET conversation_id = r.conversation_id
       FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, conversation_id uuid)
       WHERE t.id = r.id AND t.source_id = $1`,
      [source.id, JSON.stringify(links)],
    )
  }
  return { fetched: items.length + batch.messages.length, stored: stored.created + stored.updated, skipped: stored.skipped, errors: 0 }
}
