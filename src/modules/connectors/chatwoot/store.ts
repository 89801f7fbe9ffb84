// Applies Chatwoot records (from a sync page or a batch of webhooks) in one pass: cw_* rows first, each only when
// it is not older than the stored version, then the winners onto people, conversations and messages. Every step
// is an upsert, so a batch applied twice (a re-read page, a webhook for an item the backfill stored) changes nothing.
import type { ServiceContext } from '../../../lib/context.js'
import { inTransaction } from '../../../db/transaction.js'
import { sourceExistsInWorkspace } from '../../sources/index.js'
import { storeMessages, upsertContactIdentities, upsertConversationFacts, type KnownReferences } from '../../messages/index.js'
import type { ConnectedSource, SyncCounters } from '../connector.js'
import {
  conversationMetadata,
  conversationTitle,
  toIngestMessage,
  type ContactRecord,
  type ConversationRecord,
  type MessageRecord,
} from './records.js'

export type ChatwootBatch = { contacts: ContactRecord[]; conversations: ConversationRecord[]; messages: MessageRecord[] }

/** Keeps one record per id: the newest version, and of equal versions the later one in the batch (arrival order). */
function newestById<T extends { id: string; updatedAt: string | null }>(records: T[]): T[] {
  const kept = new Map<string, T>()
  for (const record of records) {
    const current = kept.get(record.id)
    if (!current || Date.parse(record.updatedAt ?? '') >= Date.parse(current.updatedAt ?? '') || !current.updatedAt)
      kept.set(record.id, record)
  }
  return [...kept.values()]
}

// An update applies when nothing is stored, either side has no version, or it is not older than what is stored.
const notOlder = (table: string) =>
  `${table}.updated_at IS NULL OR excluded.updated_at IS NULL OR excluded.updated_at >= ${table}.updated_at`

export async function applyChatwootBatch(
  ctx: ServiceContext,
  source: Pick<ConnectedSource, 'id' | 'name'>,
  batch: ChatwootBatch,
  known?: KnownReferences,
): Promise<SyncCounters> {
  const contacts = newestById(batch.contacts)
  const conversations = newestById(batch.conversations)
  const messages = newestById(batch.messages)
  const won = await inTransaction(ctx, async (q) => {
    // As in the message store (messages/ingest.ts): on the embedded database, one connection runs one transaction
    // at a time, so the two foreign keys every row repeats (workspace, source) are checked once for the batch
    // instead of per row by triggers.
    if (ctx.database.pglite) {
      await q.query(`SET LOCAL session_replication_role = replica`)
      if (!(await sourceExistsInWorkspace(q, ctx.workspaceId, source.id)))
        throw new Error('the Chatwoot source was deleted; nothing of this batch was stored')
    }
    const contactIds = contacts.length
      ? await q.query<{ id: string }>(
          `INSERT INTO cw_contacts (workspace_id, source_id, id, account_id, contact_id, name, email, phone_number, identifier,
             custom_attributes, data, updated_at)
           SELECT $1, $2, r.id, r.account_id, r.contact_id, r.name, r.email, r.phone_number, r.identifier,
             coalesce(r.custom_attributes, '{}'), r.data, r.updated_at
           FROM jsonb_to_recordset($3::jsonb) AS r(id text, account_id bigint, contact_id bigint, name text, email text,
             phone_number text, identifier text, custom_attributes jsonb, data jsonb, updated_at timestamptz)
           ON CONFLICT (source_id, id) DO UPDATE SET name = excluded.name, email = excluded.email,
             phone_number = excluded.phone_number, identifier = excluded.identifier,
             custom_attributes = excluded.custom_attributes, data = excluded.data,
             updated_at = greatest(excluded.updated_at, cw_contacts.updated_at)
           WHERE ${notOlder('cw_contacts')}
           RETURNING id`,
          [
            ctx.workspaceId,
            source.id,
            JSON.stringify(
              contacts.map((c) => ({
                id: c.id,
                account_id: c.accountId,
                contact_id: c.contactId,
                name: c.name,
                email: c.email,
                phone_number: c.phoneNumber,
                identifier: c.identifier,
                custom_attributes: c.customAttributes,
                data: c.data,
                updated_at: c.updatedAt,
              })),
            ),
          ],
        )
      : []
    const conversationIds = conversations.length
      ? await q.query<{ id: string }>(
          `INSERT INTO cw_conversations (workspace_id, source_id, id, account_id, conversation_id, contact_global_id, inbox_id,
             status, assignee_id, data, updated_at)
           SELECT $1, $2, r.id, r.account_id, r.conversation_id, r.contact_global_id, r.inbox_id, r.status, r.assignee_id,
             r.data, r.updated_at
           FROM jsonb_to_recordset($3::jsonb) AS r(id text, account_id bigint, conversation_id bigint, contact_global_id text,
             inbox_id bigint, status text, assignee_id bigint, data jsonb, updated_at timestamptz)
           ON CONFLICT (source_id, id) DO UPDATE SET contact_global_id = coalesce(excluded.contact_global_id, cw_conversations.contact_global_id),
             inbox_id = excluded.inbox_id, status = excluded.status, assignee_id = excluded.assignee_id, data = excluded.data,
             updated_at = excluded.updated_at
           WHERE ${notOlder('cw_conversations')}
           RETURNING id`,
          [
            ctx.workspaceId,
            source.id,
            JSON.stringify(
              conversations.map((c) => ({
                id: c.id,
                account_id: c.accountId,
                conversation_id: c.conversationId,
                contact_global_id: c.contactGlobalId,
                inbox_id: c.inboxId,
                status: c.status,
                assignee_id: c.assigneeId,
                data: c.data,
                updated_at: c.updatedAt,
              })),
            ),
          ],
        )
      : []
    const messageIds = messages.length
      ? await q.query<{ id: string }>(
          `INSERT INTO cw_messages (workspace_id, source_id, id, account_id, message_id, conversation_id, conversation_global_id,
             contact_global_id, sender_type, sender_id, private, message_type, content, data, created_at, updated_at)
           SELECT $1, $2, r.id, r.account_id, r.message_id, r.conversation_id, r.conversation_global_id, r.contact_global_id,
             r.sender_type, r.sender_id, r.private, r.message_type, r.content, r.data, r.created_at, r.updated_at
           FROM jsonb_to_recordset($3::jsonb) AS r(id text, account_id bigint, message_id bigint, conversation_id bigint,
             conversation_global_id text, contact_global_id text, sender_type text, sender_id bigint, private boolean,
             message_type text, content text, data jsonb, created_at timestamptz, updated_at timestamptz)
           ON CONFLICT (source_id, id) DO UPDATE SET content = excluded.content, private = excluded.private,
             message_type = excluded.message_type, data = excluded.data, updated_at = excluded.updated_at,
             contact_global_id = coalesce(excluded.contact_global_id, cw_messages.contact_global_id)
           WHERE ${notOlder('cw_messages')}
           RETURNING id`,
          [
            ctx.workspaceId,
            source.id,
            JSON.stringify(
              messages.map((m) => ({
                id: m.id,
                account_id: m.accountId,
                message_id: m.messageId,
                conversation_id: m.conversationId,
                conversation_global_id: m.conversationGlobalId,
                contact_global_id: m.contactGlobalId,
                sender_type: m.senderType,
                sender_id: m.senderId,
                private: m.private,
                message_type: m.messageType,
                content: m.content,
                data: m.data,
                created_at: m.createdAt,
                updated_at: m.updatedAt,
              })),
            ),
          ],
        )
      : []
    return {
      contacts: new Set(contactIds.map((r) => r.id)),
      conversations: new Set(conversationIds.map((r) => r.id)),
      messages: new Set(messageIds.map((r) => r.id)),
    }
  })

  const sourceRef = { type: 'chatwoot' as const, name: source.name }
  const newContacts = contacts.filter((c) => won.contacts.has(c.id))
  await upsertContactIdentities(
    ctx,
    'chatwoot',
    newContacts.map((c) => ({
      externalId: c.id,
      displayName: c.name,
      email: c.email,
      phone: c.phoneNumber,
      raw: { identifier: c.identifier, customAttributes: c.customAttributes },
    })),
  )
  const newConversations = conversations.filter((c) => won.conversations.has(c.id))
  await upsertConversationFacts(ctx, {
    source: sourceRef,
    conversations: newConversations.map((c) => ({
      externalId: c.id,
      title: conversationTitle(c),
      kind: 'private' as const,
      metadata: conversationMetadata(c),
    })),
  })
  const conversationById = new Map(conversations.map((c) => [c.id, c]))
  const winners = messages.filter((m) => won.messages.has(m.id))
  const stored = winners.length
    ? await storeMessages(ctx, {
        source: sourceRef,
        messages: winners.map((m) => toIngestMessage(m, conversationById.get(m.conversationGlobalId))),
        known,
      })
    : { created: 0, updated: 0, skipped: 0 }
  return {
    fetched: batch.messages.length,
    stored: stored.created + stored.updated,
    skipped: batch.messages.length - winners.length + stored.skipped,
    errors: 0,
  }
}
