// People, their per-channel identities, conversations and messages (seed 0/1/3 messages, seed 4 cw_*, seed 0 telegram_profiles).
import { boolean, index, jsonb, pgEnum, pgTable, real, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { workspaces } from '../workspaces/schema.js'
import { sources, sourceTypeEnum } from '../sources/schema.js'
import { topics } from '../topics/schema.js'

export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    displayName: text('display_name').notNull(),
    email: text('email'),
    // Seed 002 contact fields: family / friend / colleague / client / other (checked by the people module's zod schema).
    relationship: text('relationship'),
    phone: text('phone'),
    notes: text('notes'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('people_workspace_idx').on(t.workspaceId)],
)

/** One row per account on one channel (a Telegram user, a Slack member, an email address, a Chatwoot contact). */
export const identities = pgTable(
  'identities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    channel: sourceTypeEnum('channel').notNull(),
    externalId: text('external_id').notNull(),
    username: text('username'),
    displayName: text('display_name'),
    isBot: boolean('is_bot').notNull().default(false),
    raw: jsonb('raw'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('identities_workspace_channel_external').on(t.workspaceId, t.channel, t.externalId),
    index('identities_person_idx').on(t.personId),
  ],
)

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    title: text('title'),
    kind: text('kind').notNull().default('group'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('conversations_source_external').on(t.sourceId, t.externalId),
    index('conversations_workspace_last_idx').on(t.workspaceId, t.lastMessageAt),
  ],
)

export const analysisStatuses = ['pending', 'analyzed', 'spam', 'noise'] as const
export const analysisStatusEnum = pgEnum('analysis_status', analysisStatuses)
export const noiseClassifications = ['signal', 'noise', 'spam', 'low_quality', 'high_quality'] as const
export const noiseClassificationEnum = pgEnum('noise_classification', noiseClassifications)

export type Attachment = {
  kind: string
  name?: string
  mimeType?: string
  size?: number
  url?: string
}

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    authorIdentityId: uuid('author_identity_id').references(() => identities.id, { onDelete: 'set null' }),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    content: text('content').notNull(),
    /** text | service (joins, pins...) | email */
    contentKind: text('content_kind').notNull().default('text'),
    replyToExternalId: text('reply_to_external_id'),
    replyToMessageId: uuid('reply_to_message_id'),
    threadExternalId: text('thread_external_id'),
    edited: boolean('edited').notNull().default(false),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    forwardedFrom: text('forwarded_from'),
    /** Deleted at the source (a Slack message_deleted): kept for audit, left out of indexing, search and analysis. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    attachments: jsonb('attachments').$type<Attachment[]>().notNull().default([]),
    raw: jsonb('raw'),
    // Seed 0 analysis columns.
    classification: text('classification'),
    confidence: real('confidence'),
    analysisStatus: analysisStatusEnum('analysis_status').notNull().default('pending'),
    importanceScore: real('importance_score'),
    noiseClassification: noiseClassificationEnum('noise_classification'),
    noiseFactors: jsonb('noise_factors').$type<Record<string, number>>(),
    /** The classifier's predicted topic; a person's ground truth is in topics' message_topic_labels. */
    topicId: uuid('topic_id').references(() => topics.id, { onDelete: 'set null' }),
    topicConfidence: real('topic_confidence'),
    /** Why indexing (chunking, embedding) gave up on this message after failing alone; null when it is fine. */
    indexingError: text('indexing_error'),
    includedInRuns: uuid('included_in_runs')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('messages_source_external').on(t.sourceId, t.externalId),
    index('messages_conversation_sent_idx').on(t.conversationId, t.sentAt),
    index('messages_workspace_sent_idx').on(t.workspaceId, t.sentAt),
    // A person's messages (person page, people list counts, merge) go through their identities' authored rows.
    index('messages_author_sent_idx').on(t.authorIdentityId, t.sentAt),
    // Partial: most messages have no predicted topic, and indexing their NULLs cost every insert.
    index('messages_topic_idx')
      .on(t.topicId)
      .where(sql`topic_id IS NOT NULL`),
    // Replies whose parent is not stored yet (out-of-order input). Rare, so this index stays tiny and finding
    // them after each ingest batch is a probe instead of a scan of the batch's conversations.
    index('messages_orphan_replies_idx')
      .on(t.conversationId)
      .where(sql`reply_to_message_id IS NULL AND reply_to_external_id IS NOT NULL`),
  ],
)
