// Seed 4 app_settings: instance-wide key/value settings (open signup, Telegram owner binding ...).
// Instance-wide on purpose, so no workspace_id; values are JSON so booleans and numbers stay typed
// (the seed kept text). Known keys and their schemas live in settings/known-settings.ts.
import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from '../identity/users-schema.js'

export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})
