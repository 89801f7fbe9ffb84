// What the assistant knows about the person asking (seed 003 user_contexts): edited by that person only, rendered
// into the prompt, and deletable in one call. Nothing is stored here without the person saving it.
import { and, eq, isNull } from 'drizzle-orm'
import { actorUserId, type ServiceContext } from '../../lib/context.js'
import { userContexts, userContextListFields, userContextTextFields } from './schema.js'

export type UserContext = typeof userContexts.$inferSelect
export type UserContextFields = {
  [K in (typeof userContextTextFields)[number]]?: string | null
} & {
  [K in (typeof userContextListFields)[number]]?: string[]
}

const labels: Record<(typeof userContextTextFields)[number] | (typeof userContextListFields)[number], string> = {
  personalBio: 'Bio',
  workContext: 'Work context',
  aiPreferences: 'Preferences for the assistant',
  communicationStyle: 'Communication style',
  decisionMakingStyle: 'Decision making',
  timeManagementStyle: 'Time management',
  workingHours: 'Working hours',
  longTermGoals: 'Goals',
  currentChallenges: 'Current challenges',
  expertiseAreas: 'Expertise',
  learningObjectives: 'Learning objectives',
  preferredMeetingTimes: 'Preferred meeting times',
}

function mine(ctx: ServiceContext) {
  const userId = actorUserId(ctx.actor)
  return and(eq(userContexts.workspaceId, ctx.workspaceId), userId ? eq(userContexts.userId, userId) : isNull(userContexts.userId))
}

export async function getUserContext(ctx: ServiceContext): Promise<UserContext | null> {
  const [row] = await ctx.database.db.select().from(userContexts).where(mine(ctx))
  return row ?? null
}

/** Sets the given fields (null or [] clears one); fields left out keep their value. */
export async function updateUserContext(ctx: ServiceContext, fields: UserContextFields): Promise<UserContext> {
  const existing = await getUserContext(ctx)
  if (existing) {
    const [row] = await ctx.database.db
      .update(userContexts)
      .set({ ...fields, updatedAt: new Date() })
      .where(eq(userContexts.id, existing.id))
      .returning()
    return row
  }
  const [row] = await ctx.database.db
    .insert(userContexts)
    .values({ ...fields, workspaceId: ctx.workspaceId, userId: actorUserId(ctx.actor) })
    .returning()
  return row
}

export async function deleteUserContext(ctx: ServiceContext): Promise<void> {
  await ctx.database.db.delete(userContexts).where(mine(ctx))
}

/** The saved context as short labelled lines for the prompt; null when nothing is saved. */
export async function userContextForPrompt(ctx: ServiceContext): Promise<string | null> {
  const row = await getUserContext(ctx)
  return row ? renderUserContext(row) : null
}

export function renderUserContext(row: UserContextFields): string | null {
  const lines: string[] = []
  for (const field of userContextTextFields) {
    const value = row[field]?.trim()
    if (value) lines.push(`- ${labels[field]}: ${value}`)
  }
  for (const field of userContextListFields) {
    const values = (row[field] ?? []).map((v) => v.trim()).filter(Boolean)
    if (values.length) lines.push(`- ${labels[field]}: ${values.join('; ')}`)
  }
  return lines.length ? lines.join('\n') : null
}
