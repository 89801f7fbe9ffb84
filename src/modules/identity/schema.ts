// Tables of the identity module (Drizzle): users, sessions, API tokens, signup requests, recovery codes,
// and auth throttles (the audit log is modules/audit). Re-exported by src/db/schema.ts for drizzle-kit.
// Sessions, signup requests and throttles are about a person, not a workspace, so they carry no
// workspace_id; sessions and tokens point at the workspace they act in.
import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { workspaces } from '../workspaces/schema.js'
import { users } from './users-schema.js'

export { users } from './users-schema.js'

/** Seed 4 sessions: the cookie holds a random 256-bit id; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull().unique(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    activeWorkspaceId: uuid('active_workspace_id').references(() => workspaces.id, { onDelete: 'set null' }),
    /** A password-verified login waiting for its TOTP code: not a usable session. */
    pendingTwoFactor: boolean('pending_two_factor').notNull().default(false),
    twoFactorAttempts: integer('two_factor_attempts').notNull().default(0),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** Absolute expiry; the idle limit is checked against last_seen_at. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** First characters of the token, so people can tell tokens apart without the secret. */
    tokenPrefix: text('token_prefix').notNull(),
    scopes: text('scopes').array().notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('api_tokens_workspace_user_idx').on(t.workspaceId, t.userId)],
)

/** Seed 4 signup_requests. The PIN is hashed with its own salt for checking, and encrypted for delivery to an admin. */
export const signupRequests = pgTable(
  'signup_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    email: text('email'),
    displayName: text('display_name'),
    passwordHash: text('password_hash').notNull(),
    pinHash: text('pin_hash').notNull(),
    pinSalt: text('pin_salt').notNull(),
    /** encryptSecret() of the PIN: only admins see it (API, `signalbox signup approve`, Telegram). */
    pinEncrypted: text('pin_encrypted').notNull(),
    attemptCount: integer('attempt_count').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    ip: text('ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('signup_requests_username_created_idx').on(t.username, t.createdAt.desc()),
    index('signup_requests_expires_idx').on(t.expiresAt),
  ],
)

/** One-time 2FA recovery codes, stored hashed. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
)

/**
 * Failure counters for rate limiting and lockout, one row per key (`login:ip:<ip>`, `login:account:<name>` ...).
 * Kept in the database, not in memory, so several API processes share them.
 */
export const authThrottles = pgTable('auth_throttles', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})
