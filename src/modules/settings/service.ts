// Instance-wide key/value settings (seed 4 app_settings), validated against known-settings.ts.
import { z } from 'zod'
import { eq } from 'drizzle-orm'
import { NotFoundError, ValidationError, zodIssuesToDetails } from '../../lib/errors.js'
import type { ServiceContext, DatabaseContext } from '../../lib/context.js'
import { recordAuditEvent } from '../audit/index.js'
import { instanceAdminActor } from '../../lib/actor-checks.js'
import { appSettings } from './schema.js'
import { isSettingKey, knownSettings, type SettingKey, type SettingValue } from './known-settings.js'

export const settingViewSchema = z.object({
  key: z.string(),
  value: z.unknown(),
  isDefault: z.boolean(),
  description: z.string(),
  updatedAt: z.string().nullable(),
})
export const settingChangeSchema = z.object({ key: z.string(), value: z.unknown() })

type StoredSetting = { key: string; value: unknown; updated_at: Date }

/** Stored values, read raw: the driver parses jsonb once, and Drizzle's jsonb column would parse a JSON string such as
 * "8001" a second time into the number 8001 (which a string setting's schema then refuses). */
async function storedSettings(ctx: DatabaseContext, key?: SettingKey): Promise<StoredSetting[]> {
  return ctx.database.query<StoredSetting>(`SELECT key, value, updated_at FROM app_settings WHERE $1::text IS NULL OR key = $1`, [
    key ?? null,
  ])
}

export async function getSetting<K extends SettingKey>(ctx: DatabaseContext, key: K): Promise<SettingValue<K>> {
  const [row] = await storedSettings(ctx, key)
  if (!row) return knownSettings[key].default as SettingValue<K>
  const parsed = knownSettings[key].schema.safeParse(row.value)
  // A stored value that no longer fits (schema changed) falls back to the default rather than breaking callers.
  return (parsed.success ? parsed.data : knownSettings[key].default) as SettingValue<K>
}

export async function listSettings(ctx: DatabaseContext): Promise<Array<z.infer<typeof settingViewSchema>>> {
  const rows = await storedSettings(ctx)
  return Object.entries(knownSettings).map(([key, known]) => {
    const row = rows.find((r) => r.key === key)
    return {
      key,
      value: row ? row.value : known.default,
      isDefault: !row,
      description: known.description,
      updatedAt: row ? new Date(row.updated_at).toISOString() : null,
    }
  })
}

export async function setSetting(ctx: DatabaseContext, input: { key: string; value: unknown; updatedBy?: string | null }) {
  if (!isSettingKey(input.key)) throw new NotFoundError(`Setting '${input.key}'`)
  const parsed = knownSettings[input.key].schema.safeParse(input.value)
  if (!parsed.success) {
    throw new ValidationError(
      `Invalid value for ${input.key}`,
      zodIssuesToDetails(parsed.error.issues).map((d) => ({ ...d, path: d.path ? `value.${d.path}` : 'value' })),
    )
  }
  // Setting a key back to its default removes the row (JSON null cannot be stored in the NOT NULL column anyway).
  if (JSON.stringify(parsed.data) === JSON.stringify(knownSettings[input.key].default)) {
    await ctx.database.db.delete(appSettings).where(eq(appSettings.key, input.key))
    return { key: input.key, value: parsed.data }
  }
  const now = new Date()
  await ctx.database.db
    .insert(appSettings)
    .values({ key: input.key, value: parsed.data, updatedBy: input.updatedBy ?? null, updatedAt: now })
    .onConflictDoUpdate({ target: appSettings.key, set: { value: parsed.data, updatedBy: input.updatedBy ?? null, updatedAt: now } })
  return { key: input.key, value: parsed.data }
}

/** An instance administrator reads every known setting. */
export async function listSettingsAsAdmin(ctx: ServiceContext) {
  instanceAdminActor(ctx.actor)
  return listSettings(ctx)
}

/** An instance administrator changes a setting; the change goes to the audit log. */
export async function changeSetting(ctx: ServiceContext, input: { key: string; value: unknown }) {
  const actorUserId = instanceAdminActor(ctx.actor)
  const result = await setSetting(ctx, { ...input, updatedBy: actorUserId })
  await recordAuditEvent(ctx, {
    action: 'admin.setting.update',
    actorUserId,
    targetType: 'setting',
    targetId: result.key,
    details: { value: result.value },
    meta: ctx.origin,
  })
  return result
}
