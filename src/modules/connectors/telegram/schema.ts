// Tables of the Telegram connector: linked accounts (seed 3 telegram_connections), one-time link tokens, author
// profiles (seed 0 telegram_profiles), the chats a bot is in, review prompts sent, and bot_logs (seed 2).
import { bigserial, boolean, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from '../../workspaces/schema.js'
import { sources } from '../../sources/schema.js'

/** A Signalbox user bound to a Telegram account through one bot. Plain user uuid: users live in identity. */
export const telegramConnections = pgTable(
  'telegram_connections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    telegramUserId: text('telegram_user_id').notNull(),
    telegramUsername: text('telegram_username'),
    /** The private chat with the bot, where notifications and review prompts go. */
    chatId: text('chat_id').notNull(),
    /** Opt-ins (seed 1 notifications.sent_telegram): budget warnings and other notices; review prompts. */
    notify: boolean('notify').notNull().default(true),
    reviews: boolean('reviews').notNull().default(true),
    linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('telegram_connections_source_telegram_user').on(t.sourceId, t.telegramUserId),
    unique('telegram_connections_source_user').on(t.sourceId, t.userId),
  ],
)

export const linkPurposes = ['link', 'owner'] as const
export type LinkPurpose = (typeof linkPurposes)[number]

/** One-time deep-link tokens (t.me/<bot>?start=<token>); only a hash is kept. */
export const telegramLinkTokens = pgTable('telegram_link_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  sourceId: uuid('source_id')
    .notNull()
    .references(() => sources.id, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull(),
  purpose: text('purpose').$type<LinkPurpose>().notNull().default('link'),
  tokenHash: text('token_hash').notNull().unique(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

export const telegramProfiles = pgTable(
  'telegram_profiles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    telegramUserId: text('telegram_user_id').notNull(),
    username: text('username'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    languageCode: text('language_code'),
    isPremium: boolean('is_premium').notNull().default(false),
    isBot: boolean('is_bot').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('telegram_profiles_workspace_user').on(t.workspaceId, t.telegramUserId)],
)

/** Chats a bot has seen; a 403 from Telegram (the bot was removed) marks the chat inactive. */
export const telegramChats = pgTable(
  'telegram_chats',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    chatId: text('chat_id').notNull(),
    type: text('type').notNull(),
    title: text('title'),
    active: boolean('active').notNull().default(true),
    inactiveReason: text('inactive_reason'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('telegram_chats_source_chat').on(t.sourceId, t.chatId)],
)

/** Which proposal was offered to which chat, in which bot message (so its buttons can be updated). */
export const telegramReviewPrompts = pgTable(
  'telegram_review_prompts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    proposalId: uuid('proposal_id').notNull(),
    chatId: text('chat_id').notNull(),
    messageId: integer('message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('telegram_review_prompts_source_chat_proposal').on(t.sourceId, t.chatId, t.proposalId)],
)

/** Every bot interaction (seed 2 bot_logs): command, who, how long, how it ended. */
export const botLogs = pgTable(
  'bot_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id, { onDelete: 'cascade' }),
    telegramUserId: text('telegram_user_id'),
    userId: uuid('user_id'),
    chatId: text('chat_id'),
    command: text('command').notNull(),
    latencyMs: integer('latency_ms').notNull(),
    /** ok | unlinked | invalid | error */
    outcome: text('outcome').notNull(),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('bot_logs_workspace_created_idx').on(t.workspaceId, t.createdAt)],
)
