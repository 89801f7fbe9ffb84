// Email triage (seed 002): a side table of the email's message row (email_logs' triage columns), per-sender
// statistics, labelling rules learned from corrections, and the action items awaiting confirmation.
import { date, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from '../workspaces/schema.js'
import { messages } from '../messages/schema.js'

export const emailCategories = ['actionable', 'informational', 'promotional', 'junk'] as const
export type EmailCategory = (typeof emailCategories)[number]
export const triageStatuses = ['processed', 'needs_review'] as const
export const ruleSources = ['user_correction', 'ai_analysis'] as const
export const pendingEmailTaskStatuses = ['pending', 'approved', 'rejected'] as const

export const writeBackKinds = ['keyword', 'folder'] as const
export type WriteBackKind = (typeof writeBackKinds)[number]

export type ExtractedDeadline = { text: string; date: string | null; type: string }
export type ExtractedContact = { name: string; context: string }

export const emailTriage = pgTable(
  'email_triage',
  {
    messageId: uuid('message_id')
      .primaryKey()
      .references(() => messages.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    senderEmail: text('sender_email'),
    /** The email's own subject, sender name and date (seed 002 email_logs keeps them), copied at triage time so the
     *  listing sorts and windows triage rows without reading messages. */
    senderName: text('sender_name'),
    subject: text('subject').notNull().default(''),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    category: text('category').$type<EmailCategory>().notNull(),
    confidence: real('confidence').notNull(),
    /** The model that decided: a provider model, 'local-analyser', or 'rule' when a learned rule applied. */
    model: text('model').notNull(),
    reasoning: text('reasoning').notNull().default(''),
    deadlines: jsonb('deadlines').$type<ExtractedDeadline[]>().notNull().default([]),
    contacts: jsonb('contacts').$type<ExtractedContact[]>().notNull().default([]),
    actionItems: jsonb('action_items').$type<string[]>().notNull().default([]),
    summary: text('summary').notNull().default(''),
    status: text('status').$type<(typeof triageStatuses)[number]>().notNull(),
    /** Set when a person chose the category; automatic re-triage keeps it. */
    correctedBy: text('corrected_by'),
    /** The rule's write-back applied to the mailbox ("keyword:$Junk", "folder:Archive"), so it is applied once. */
    writtenBack: text('written_back'),
    classifiedAt: timestamp('classified_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('email_triage_workspace_category_idx').on(t.workspaceId, t.category, t.classifiedAt),
    index('email_triage_workspace_sender_idx').on(t.workspaceId, t.senderEmail),
    index('email_triage_workspace_sent_idx').on(t.workspaceId, t.sentAt),
  ],
)

export const emailSenderStats = pgTable(
  'email_sender_stats',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    senderEmail: text('sender_email').notNull(),
    senderName: text('sender_name'),
    senderDomain: text('sender_domain').notNull(),
    totalCount: integer('total_count').notNull().default(0),
    actionableCount: integer('actionable_count').notNull().default(0),
    informationalCount: integer('informational_count').notNull().default(0),
    promotionalCount: integer('promotional_count').notNull().default(0),
    junkCount: integer('junk_count').notNull().default(0),
    suggestedAction: text('suggested_action'),
    lastEmailAt: timestamp('last_email_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('email_sender_stats_workspace_sender_idx').on(t.workspaceId, t.senderEmail)],
)

export const emailLabelRules = pgTable(
  'email_label_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    senderEmail: text('sender_email').notNull(),
    /** One of the four categories (the label a person chose for this sender's mail). */
    labelName: text('label_name').$type<EmailCategory>().notNull(),
    confidence: real('confidence').notNull(),
    correctionCount: integer('correction_count').notNull().default(0),
    source: text('source').$type<(typeof ruleSources)[number]>().notNull(),
    /** Optional write-back to the mailbox (off when null): set an IMAP keyword on, or move to a folder, the
     *  sender's mail that gets this label. */
    writeBackKind: text('write_back_kind').$type<WriteBackKind>(),
    writeBackTarget: text('write_back_target'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('email_label_rules_workspace_sender_label_idx').on(t.workspaceId, t.senderEmail, t.labelName)],
)

export const pendingEmailTasks = pgTable(
  'pending_email_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    emailMessageId: uuid('email_message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    proposedTitle: text('proposed_title').notNull(),
    proposedNotes: text('proposed_notes').notNull().default(''),
    proposedDueDate: date('proposed_due_date'),
    status: text('status').$type<(typeof pendingEmailTaskStatuses)[number]>().notNull().default('pending'),
    /** The review-inbox proposal this action item became (analysis module's task_proposals). */
    proposalId: uuid('proposal_id'),
    telegramMessageId: text('telegram_message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('pending_email_tasks_email_title_idx').on(t.emailMessageId, t.proposedTitle)],
)
