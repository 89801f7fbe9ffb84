// Stores a batch of messages in one transaction: sources, identities, people and conversations are made on the fly.
// Rows go in through jsonb_to_recordset so one statement carries the whole batch (measured: ~3x faster than row-by-row).
import { randomUUID } from 'node:crypto'
import type { ServiceContext } from '../../lib/context.js'
import { formatPath } from '../../lib/errors.js'
import { inTransaction, type Queryable } from '../../db/transaction.js'
import { dispatchEvents, recordEvent } from '../../jobs/event-outbox.js'
import { ingestMessageSchema, type IngestItemError, type IngestMessage, type IngestResult, type SourceRef } from './ingest-schema.js'

/** Validates raw items one by one so that the valid ones are stored and the invalid ones reported with paths. */
export function validateIngestItems(items: unknown[]): { valid: IngestMessage[]; errors: IngestItemError[] } {
  const valid: IngestMessage[] = []
  const errors: IngestItemError[] = []
  items.forEach((item, index) => {
    const parsed = ingestMessageSchema.safeParse(item)
    if (parsed.success) valid.push(parsed.data)
    else {
      const externalId =
        item && typeof item === 'object' && 'externalId' in item && typeof item.externalId === 'string' ? item.externalId : undefined
      for (const issue of parsed.error.issues) {
        errors.push({ index, externalId, path: formatPath(['messages', index, ...issue.path]), message: issue.message })
      }
    }
  })
  return { valid, errors }
}

export async function upsertSource(q: Queryable, workspaceId: string, source: SourceRef): Promise<string> {
  const inserted = await q.query<{ id: string }>(
    `INSERT INTO sources (workspace_id, type, name) VALUES ($1, $2, $3)
     ON CONFLICT (workspace_id, type, name) DO NOTHING RETURNING id`,
    [workspaceId, source.type, source.name],
  )
  if (inserted[0]) return inserted[0].id
  const existing = await q.query<{ id: string }>(`SELECT id FROM sources WHERE workspace_id = $1 AND type = $2 AND name = $3`, [
    workspaceId,
    source.type,
    source.name,
  ])
  return existing[0].id
}

/** Ids resolved by earlier batches of one import. A long import passes the same object to every batch so that
 * authors and conversations seen before are not upserted again (measured: ~20% of a batch's database time). */
export type KnownReferences = { sourceId?: string; identities: Map<string, string>; conversations: Map<string, string> }

/** Stores validated messages. Duplicates inside the batch keep the last copy. */
export async function storeMessages(
  ctx: ServiceContext,
  input: { source: SourceRef; messages: IngestMessage[]; known?: KnownReferences },
): Promise<Omit<IngestResult, 'errors' | 'failed'>> {
  const byExternalId = new Map<string, IngestMessage>()
  for (const message of input.messages) byExternalId.set(message.externalId, message)
  const batch = [...byExternalId.values()]
  const duplicatesInBatch = input.messages.length - batch.length
  if (batch.length === 0) return { created: 0, createdServiceEvents: 0, updated: 0, skipped: duplicatesInBatch, changedMessageIds: [] }

  const embedded = Boolean(ctx.database.pglite)
  const run = async (q: Queryable) => {
    if (embedded) await q.query(`SET LOCAL session_replication_role = replica`)
    const known = input.known
    const sourceId = known?.sourceId ?? (await upsertSource(q, ctx.workspaceId, input.source))
    const identityIds = await upsertIdentities(
      q,
      ctx.workspaceId,
      input.source.type,
      known ? batch.filter((m) => m.author && !known.identities.has(m.author.externalId)) : batch,
    )
    const conversationIds = await upsertConversations(
      q,
      ctx.workspaceId,
      sourceId,
      known ? batch.filter((m) => !known.conversations.has(m.conversation.externalId)) : batch,
    )
    if (known) {
      newlyKnown = { sourceId, identities: new Map(identityIds), conversations: new Map(conversationIds) }
      for (const [externalId, id] of known.identities) if (!identityIds.has(externalId)) identityIds.set(externalId, id)
      for (const [externalId, id] of known.conversations) if (!conversationIds.has(externalId)) conversationIds.set(externalId, id)
    }
    // Ids are made here so that a reply to a message of the same batch can point at it in the INSERT itself;
    // updating freshly inserted rows afterwards doubled the cost of a batch (measured with bench/ingest.ts).
    const idsByExternalId = new Map(batch.map((m) => [m.externalId, randomUUID()]))
    const rows = batch.map((m) => ({
      id: idsByExternalId.get(m.externalId),
      external_id: m.externalId,
      conversation_id: conversationIds.get(m.conversation.externalId),
      author_identity_id: m.author ? (identityIds.get(m.author.externalId) ?? null) : null,
      sent_at: m.sentAt,
      content: m.content,
      content_kind: m.contentKind ?? 'text',
      reply_to_external_id: m.replyToExternalId ?? null,
      batch_parent_id: m.replyToExternalId ? (idsByExternalId.get(m.replyToExternalId) ?? null) : null,
      thread_external_id: m.threadExternalId ?? null,
      edited: Boolean(m.edited || m.editedAt),
      edited_at: m.editedAt ?? null,
      forwarded_from: m.forwardedFrom ?? null,
      attachments: m.attachments ?? [],
      raw: m.raw ?? null,
    }))
    if (embedded) await checkReferencesAsSets(q, ctx.workspaceId, sourceId, rows)
    // An existing row changes only when its content differs: then it is marked edited (seed 0: edits are updates).
    // The parent of a reply is an earlier stored message (p, read before this statement) or, failing that, a
    // message of this batch: if that one already existed, p found it; if not, it is inserted with our id.
    const stored = await q.query<{ id: string; inserted: boolean; service: boolean }>(
      `INSERT INTO messages (id, workspace_id, source_id, conversation_id, external_id, author_identity_id, sent_at, content,
         content_kind, reply_to_external_id, reply_to_message_id, thread_external_id, edited, edited_at, forwarded_from,
         attachments, raw)
       SELECT r.id, $1, $2, r.conversation_id, r.external_id, r.author_identity_id, r.sent_at, r.content, r.content_kind,
         r.reply_to_external_id, coalesce(p.id, r.batch_parent_id), r.thread_external_id, r.edited, r.edited_at,
         r.forwarded_from, coalesce(r.attachments, '[]'::jsonb), r.raw
       FROM jsonb_to_recordset($3::jsonb) AS r(id uuid, external_id text, conversation_id uuid, author_identity_id uuid,
         sent_at timestamptz, content text, content_kind text, reply_to_external_id text, batch_parent_id uuid,
         thread_external_id text, edited boolean, edited_at timestamptz, forwarded_from text, attachments jsonb, raw jsonb)
       LEFT JOIN messages p ON r.reply_to_external_id IS NOT NULL AND p.source_id = $2 AND p.external_id = r.reply_to_external_id
       ON CONFLICT (source_id, external_id) DO UPDATE SET
         content = excluded.content, edited = true, edited_at = coalesce(excluded.edited_at, now()),
         attachments = excluded.attachments, raw = excluded.raw, updated_at = now(),
         analysis_status = 'pending', indexing_error = NULL
       WHERE messages.content IS DISTINCT FROM excluded.content
       RETURNING id, (xmax = 0) AS inserted, content_kind = 'service' AS service`,
      [ctx.workspaceId, sourceId, JSON.stringify(rows)],
    )
    const created = stored.filter((s) => s.inserted).length
    const createdServiceEvents = stored.filter((s) => s.inserted && s.service).length
    const changedIds = stored.map((s) => s.id)
    // In the batch's transaction: the pipeline hears of exactly the committed messages, even if this process dies.
    if (changedIds.length > 0) await recordEvent(q, messagesChangedEvent, { workspaceId: ctx.workspaceId, messageIds: changedIds })
    if (created > 0) await linkOrphanReplies(q, sourceId, [...new Set(conversationIds.values())])
    // last_message_at only moves forward, so the batch's own latest times are enough (no scan of the conversation).
    const latest = new Map<string, string>()
    for (const m of batch) {
      const id = conversationIds.get(m.conversation.externalId)!
      const current = latest.get(id)
      if (!current || Date.parse(m.sentAt) > Date.parse(current)) latest.set(id, m.sentAt)
    }
    await q.query(
      `UPDATE conversations c SET last_message_at = r.latest
       FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, latest timestamptz)
       WHERE c.id = r.id AND c.source_id = $1 AND (c.last_message_at IS NULL OR c.last_message_at < r.latest)`,
      [sourceId, JSON.stringify([...latest].map(([id, at]) => ({ id, latest: at })))],
    )
    return {
      created,
      createdServiceEvents,
      updated: stored.length - created,
      skipped: batch.length - stored.length + duplicatesInBatch,
      changedMessageIds: changedIds,
    }
  }
  // Learned ids are kept only once the batch has committed: a rolled-back batch's rows do not exist.
  let newlyKnown: KnownReferences | undefined
  const result = await inTransaction(ctx, run)
  if (result.changedMessageIds.length > 0) await dispatchStoredEvents(ctx)
  if (input.known && newlyKnown) {
    input.known.sourceId = newlyKnown.sourceId
    for (const [key, id] of newlyKnown.identities) input.known.identities.set(key, id)
    for (const [key, id] of newlyKnown.conversations) input.known.conversations.set(key, id)
  }
  return result
}

/** On the embedded database a batch runs with row-level triggers off (session_replication_role = replica), and
 * this one query checks what the foreign keys would have checked row by row. Measured: the four per-row foreign-key
 * checks of a message were ~30% of the INSERT's time. It is as strong as the row checks there because PGlite has one
 * connection running one transaction at a time: nothing can delete a referenced row between this check and the
 * commit. On a server other connections can, so the row-level checks stay on. Messages, conversations, identities
 * and people have no triggers of their own; a table that gets one must not be written in such a batch. */
async function checkReferencesAsSets(
  q: Queryable,
  workspaceId: string,
  sourceId: string,
  rows: Array<{ conversation_id?: string; author_identity_id: string | null }>,
) {
  const conversations = [...new Set(rows.map((r) => r.conversation_id))]
  const identities = [...new Set(rows.flatMap((r) => (r.author_identity_id ? [r.author_identity_id] : [])))]
  const [found] = await q.query<{ workspaces: number; sources: number; conversations: number; identities: number }>(
    `SELECT (SELECT count(*) FROM workspaces WHERE id = $1)::int AS workspaces,
       (SELECT count(*) FROM sources WHERE id = $2 AND workspace_id = $1)::int AS sources,
       (SELECT count(*) FROM conversations WHERE id = ANY($3::uuid[]) AND source_id = $2)::int AS conversations,
       (SELECT count(*) FROM identities WHERE id = ANY($4::uuid[]) AND workspace_id = $1)::int AS identities`,
    [workspaceId, sourceId, conversations, identities],
  )
  const missing = [
    found.workspaces === 1 ? '' : 'workspace',
    found.sources === 1 ? '' : 'source',
    found.conversations === conversations.length ? '' : 'conversation',
    found.identities === identities.length ? '' : 'author identity',
  ].filter(Boolean)
  // The same failure a foreign key would raise: the batch rolls back whole.
  if (missing.length > 0) throw new Error(`ingest batch refers to a deleted ${missing.join(', ')}; nothing of it was stored`)
}

/** Replies stored before their parent (out-of-order input) get linked when the parent arrives. Looked up within
 * the batch's conversations, where replies live, through the partial index of replies still waiting for a parent
 * (messages_orphan_replies_idx): a scan of the whole source per batch made imports quadratic (42 s per batch at
 * 13k messages), and a scan of the batch's conversations still cost ~20 µs a message. */
async function linkOrphanReplies(q: Queryable, sourceId: string, conversationIds: string[]) {
  const orphans = await q.query<{ id: string }>(
    `SELECT id FROM messages
     WHERE conversation_id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))
       AND source_id = $1 AND reply_to_message_id IS NULL AND reply_to_external_id IS NOT NULL`,
    [sourceId, JSON.stringify(conversationIds)],
  )
  if (orphans.length === 0) return
  await q.query(
    `UPDATE messages m SET reply_to_message_id = p.id
     FROM messages p
     WHERE m.id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))
       AND p.source_id = $1 AND p.external_id = m.reply_to_external_id`,
    [sourceId, JSON.stringify(orphans.map((o) => o.id))],
  )
}

async function upsertIdentities(q: Queryable, workspaceId: string, channel: string, batch: IngestMessage[]) {
  const authors = new Map<string, NonNullable<IngestMessage['author']>>()
  for (const m of batch) if (m.author) authors.set(m.author.externalId, m.author)
  const result = new Map<string, string>()
  if (authors.size === 0) return result
  const rows = [...authors.values()].map((a) => ({
    external_id: a.externalId,
    username: a.username ?? null,
    display_name: a.displayName ?? a.username ?? a.email ?? null,
    is_bot: a.isBot ?? false,
  }))
  const rowsJson = JSON.stringify(rows)
  await q.query(
    `INSERT INTO identities (workspace_id, channel, external_id, username, display_name, is_bot)
     SELECT $1, $2::source_type, r.external_id, r.username, r.display_name, r.is_bot
     FROM jsonb_to_recordset($3::jsonb) AS r(external_id text, username text, display_name text, is_bot boolean)
     ON CONFLICT (workspace_id, channel, external_id) DO UPDATE SET
       username = coalesce(excluded.username, identities.username),
       display_name = coalesce(excluded.display_name, identities.display_name)
     WHERE identities.username IS DISTINCT FROM coalesce(excluded.username, identities.username)
        OR identities.display_name IS DISTINCT FROM coalesce(excluded.display_name, identities.display_name)`,
    [workspaceId, channel, rowsJson],
  )
  const found = await q.query<{ id: string; external_id: string; person_id: string | null; display_name: string | null }>(
    `SELECT id, external_id, person_id, display_name FROM identities
     WHERE workspace_id = $1 AND channel = $2::source_type
       AND external_id IN (SELECT value FROM jsonb_array_elements_text($3::jsonb))`,
    [workspaceId, channel, JSON.stringify(rows.map((r) => r.external_id))],
  )
  const withoutPerson = found.filter((f) => !f.person_id)
  if (withoutPerson.length > 0) {
    // Every identity starts as its own person; merging people across channels is a later, human decision.
    const emails = new Map(rows.map((r) => [r.external_id, authors.get(r.external_id)?.email ?? null]))
    const newPeople = withoutPerson.map((f) => ({
      person_id: randomUUID(),
      identity_id: f.id,
      display_name: f.display_name ?? f.external_id,
      email: emails.get(f.external_id) ?? null,
    }))
    const peopleJson = JSON.stringify(newPeople)
    await q.query(
      `INSERT INTO people (id, workspace_id, display_name, email)
       SELECT r.person_id, $1, r.display_name, r.email
       FROM jsonb_to_recordset($2::jsonb) AS r(person_id uuid, display_name text, email text)`,
      [workspaceId, peopleJson],
    )
    await q.query(
      `UPDATE identities i SET person_id = r.person_id
       FROM jsonb_to_recordset($1::jsonb) AS r(person_id uuid, identity_id uuid) WHERE i.id = r.identity_id`,
      [peopleJson],
    )
  }
  for (const f of found) result.set(f.external_id, f.id)
  return result
}

async function upsertConversations(q: Queryable, workspaceId: string, sourceId: string, batch: IngestMessage[]) {
  const refs = new Map<string, IngestMessage['conversation']>()
  for (const m of batch) refs.set(m.conversation.externalId, m.conversation)
  const rows = [...refs.values()].map((c) => ({ external_id: c.externalId, title: c.title ?? null, kind: c.kind ?? 'group' }))
  if (rows.length === 0) return new Map<string, string>()
  const rowsJson = JSON.stringify(rows)
  await q.query(
    `INSERT INTO conversations (workspace_id, source_id, external_id, title, kind)
     SELECT $1, $2, r.external_id, r.title, r.kind FROM jsonb_to_recordset($3::jsonb) AS r(external_id text, title text, kind text)
     ON CONFLICT (source_id, external_id) DO UPDATE SET title = coalesce(excluded.title, conversations.title)
     WHERE conversations.title IS DISTINCT FROM coalesce(excluded.title, conversations.title)`,
    [workspaceId, sourceId, rowsJson],
  )
  const found = await q.query<{ id: string; external_id: string }>(
    `SELECT id, external_id FROM conversations WHERE source_id = $1
       AND external_id IN (SELECT value FROM jsonb_array_elements_text($2::jsonb))`,
    [sourceId, JSON.stringify(rows.map((r) => r.external_id))],
  )
  return new Map(found.map((f) => [f.external_id, f.id]))
}

/** Runs `work` in one transaction on either driver. */
/** The whole ingest path: validate each item, store the valid ones, tell the pipeline. */
export async function ingestMessages(ctx: ServiceContext, input: { source: SourceRef; messages: unknown[] }): Promise<IngestResult> {
  const { valid, errors } = validateIngestItems(input.messages)
  const stored = await storeMessages(ctx, { source: input.source, messages: valid })
  const failed = new Set(errors.map((e) => e.index)).size
  return { ...stored, failed, errors }
}

/** Event published after messages were created or changed; the pipeline (chunk, embed) and noise scoring
 * subscribe to it with JobDefinition.subscribes. Payload: { workspaceId, messageIds }. */
export const messagesChangedEvent = 'messages.changed'

/** Hands the events a batch recorded to the queue right after its commit, when this process has one; otherwise (a
 * CLI import with no server running) they wait in the outbox for the next worker. The messages are committed by
 * then, so a failure here is logged, not thrown: the workers' dispatcher publishes the events later. */
export async function dispatchStoredEvents(ctx: ServiceContext): Promise<void> {
  if (!ctx.queue) return
  await dispatchEvents(ctx.database, ctx.queue).catch((error) =>
    ctx.log.warn({ err: error }, "could not publish the stored messages' events now; the workers will"),
  )
}
