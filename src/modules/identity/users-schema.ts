// The users table on its own, so workspaces/schema.ts (memberships) can reference it without an import cycle.
// Users are instance-wide, not per workspace: one person belongs to several workspaces through
// workspace_memberships, so this table deliberately has no workspace_id (seed 1 users + seed 3 User + seed 4 app_users).
import { bigint, boolean, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Stored lower-case; login is case-insensitive. */
  username: text('username').notNull().unique(),
  email: text('email').unique(),
  displayName: text('display_name'),
  avatarUrl: text('avatar_url'),
  /** E.164-ish, validated `^\+?[1-9]\d{1,14}$` at the edge. */
  phone: text('phone'),
  /** argon2id; null for bots that only use API tokens. */
  passwordHash: text('password_hash'),
  isActive: boolean('is_active').notNull().default(true),
  /** Instance administrator (manages users, signups, settings, audit). Workspace roles are separate. */
  isAdmin: boolean('is_admin').notNull().default(false),
  isBot: boolean('is_bot').notNull().default(false),
  totpEnabled: boolean('totp_enabled').notNull().default(false),
  /** encryptSecret() of the base32 TOTP secret; set at enrolment, trusted only once totp_enabled. */
  totpSecret: text('totp_secret'),
  /** The last TOTP time step accepted: a code is never accepted twice (no replay inside the skew window). */
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  preferredModels: text('preferred_models')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  currentModel: text('current_model'),
  telegramChatId: text('telegram_chat_id').unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})
