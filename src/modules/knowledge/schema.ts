// The knowledge graph (seed 0): atoms of seven types, typed links between them, their source messages,
// and immutable numbered versions with approval. Topic membership (topic_atoms) and topic versions join
// the topics module's table.
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { workspaces } from '../workspaces/schema.js'
import { messages } from '../messages/schema.js'
import { topics } from '../topics/schema.js'

export const atomTypes = ['problem', 'solution', 'decision', 'question', 'insight', 'pattern', 'requirement'] as const
export const atomTypeEnum = pgEnum('atom_type', atomTypes)
// Seed 0 validation table: continues/solves/contradicts/supports/refines/relates_to/depends_on.
export const atomLinkTypes = ['continues', 'solves', 'contradicts', 'supports', 'refines', 'relates_to', 'depends_on'] as const
export const atomLinkTypeEnum = pgEnum('atom_link_type', atomLinkTypes)
export const approvalStatuses = ['pending', 'approved', 'rejected'] as const
export const approvalStatusEnum = pgEnum('approval_status', approvalStatuses)

/** pgvector column without a fixed dimension: the embedder (local 384 or a remote model) decides it. */
const vector = customType<{ data: number[]; driverData: string }>({
  dataType: () => 'vector',
  toDriver: (value) => `[${value.join(',')}]`,
  fromDriver: (value) => JSON.parse(value),
})
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

export const atoms = pgTable(
  'atoms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    type: atomTypeEnum('type').notNull(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    confidence: real('confidence'),
    userApproved: boolean('user_approved').notNull().default(false),
    approvalStatus: approvalStatusEnum('approval_status').notNull().default('pending'),
    meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
    embedding: vector('embedding'),
    /** Latest version number, so the next version is current + 1 under a row lock. */
    currentVersion: integer('current_version').notNull().default(0),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || coalesce(content, ''))`,
    ),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('atoms_workspace_type_idx').on(t.workspaceId, t.type),
    index('atoms_title_idx').on(t.title),
    index('atoms_search_idx').using('gin', t.searchVector),
  ],
)

export const atomMessages = pgTable(
  'atom_messages',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    atomId: uuid('atom_id')
      .notNull()
      .references(() => atoms.id, { onDelete: 'cascade' }),
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.atomId, t.messageId] }), index('atom_messages_message_idx').on(t.messageId)],
)

export const atomLinks = pgTable(
  'atom_links',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    fromAtomId: uuid('from_atom_id')
      .notNull()
      .references(() => atoms.id, { onDelete: 'cascade' }),
    toAtomId: uuid('to_atom_id')
      .notNull()
      .references(() => atoms.id, { onDelete: 'cascade' }),
    linkType: atomLinkTypeEnum('link_type').notNull(),
    strength: real('strength'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.fromAtomId, t.toAtomId] }), index('atom_links_to_idx').on(t.toAtomId)],
)

/** Immutable snapshots: rows are only inserted, and later only their approval fields change. */
export const atomVersions = pgTable(
  'atom_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    atomId: uuid('atom_id')
      .notNull()
      .references(() => atoms.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    changeSummary: text('change_summary'),
    createdBy: text('created_by'),
    approved: boolean('approved').notNull().default(false),
    approvalStatus: approvalStatusEnum('approval_status').notNull().default('pending'),
    reviewedBy: text('reviewed_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('atom_versions_atom_version').on(t.atomId, t.version)],
)

/** Topics contain atoms in order, each with an optional note. */
export const topicAtoms = pgTable(
  'topic_atoms',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    atomId: uuid('atom_id')
      .notNull()
      .references(() => atoms.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.atomId] }), index('topic_atoms_atom_idx').on(t.atomId)],
)

/** Numbered snapshots of a topic (its fields and its ordered atoms), written on every change through this module. */
export const topicVersions = pgTable(
  'topic_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    changeSummary: text('change_summary'),
    createdBy: text('created_by'),
    approved: boolean('approved').notNull().default(false),
    approvalStatus: approvalStatusEnum('approval_status').notNull().default('pending'),
    reviewedBy: text('reviewed_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('topic_versions_topic_version').on(t.topicId, t.version)],
)
