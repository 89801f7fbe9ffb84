// Chatwoot's own records as the connector last saw them (seed 4 cw_contacts, cw_conversations, cw_messages), with
// their global ids (`cwc:`/`cw:`/`cwmsg:<account>:<id>`) and raw `data`. `updated_at` is the version: a webhook or
// page carrying an older one than what is stored is ignored. Keyed by source (the seed had one tenant and one account); every row also names its workspace.
import { bigint, boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from '../../workspaces/schema.js'
import { sources } from '../../sources/schema.js'

export const cwContacts = pgTable(
  'cw_contacts',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    /** cwc:<account_id>:<contact_id> */
    id: text('id').notNull(),
    accountId: bigint('account_id', { mode: 'number' }).notNull(),
    contactId: bigint('contact_id', { mode: 'number' }).notNull(),
    name: text('name'),
    email: text('email'),
    phoneNumber: text('phone_number'),
    identifier: text('identifier'),
    customAttributes: jsonb('custom_attributes').$type<Record<string, unknown>>().notNull().default({}),
    data: jsonb('data').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.id] }), index('cw_contacts_updated_idx').on(t.updatedAt)],
)

export const cwConversations = pgTable(
  'cw_conversations',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    /** cw:<account_id>:<conversation_id> */
    id: text('id').notNull(),
    accountId: bigint('account_id', { mode: 'number' }).notNull(),
    conversationId: bigint('conversation_id', { mode: 'number' }).notNull(),
    contactGlobalId: text('contact_global_id'),
    inboxId: bigint('inbox_id', { mode: 'number' }),
    status: text('status'),
    assigneeId: bigint('assignee_id', { mode: 'number' }),
    data: jsonb('data').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.id] })],
)

export const cwMessages = pgTable(
  'cw_messages',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    /** cwmsg:<account_id>:<message_id> */
    id: text('id').notNull(),
    accountId: bigint('account_id', { mode: 'number' }).notNull(),
    messageId: bigint('message_id', { mode: 'number' }).notNull(),
    conversationId: bigint('conversation_id', { mode: 'number' }),
    conversationGlobalId: text('conversation_global_id'),
    contactGlobalId: text('contact_global_id'),
    senderType: text('sender_type'),
    senderId: bigint('sender_id', { mode: 'number' }),
    /** A private note: agents only, never shown to the contact. Kept and marked. */
    private: boolean('private').notNull().default(false),
    messageType: text('message_type'),
    content: text('content'),
    data: jsonb('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.sourceId, t.id] }),
    index('cw_messages_conversation_idx').on(t.workspaceId, t.conversationGlobalId),
    index('cw_messages_contact_idx').on(t.workspaceId, t.contactGlobalId),
  ],
)
