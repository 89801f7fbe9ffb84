// Users: creation (CLI, signup, admin API), lookups and profile updates. Never returns hashes or secrets.
import { asc, count, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { DatabaseContext } from '../../lib/context.js'
import { ConflictError, NotFoundError } from '../../lib/errors.js'
import { users } from './schema.js'
import { checkPasswordPolicy, hashPassword } from './passwords.js'
import { isUniqueViolation } from '../../db/unique-violation.js'

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.-]{1,49}$/, 'username: 2-50 letters, digits, _ . - (starting with a letter or digit)')
export const phoneSchema = z.string().regex(/^\+?[1-9]\d{1,14}$/, 'phone must look like +14155550123')

export const profileSchema = z.object({
  email: z.email().max(255).nullish(),
  displayName: z.string().trim().min(1).max(100).nullish(),
  avatarUrl: z.url().max(2000).nullish(),
  phone: phoneSchema.nullish(),
  preferredModels: z.array(z.string().min(1).max(200)).max(20).optional(),
  currentModel: z.string().min(1).max(200).nullish(),
  telegramChatId: z
    .string()
    .regex(/^-?\d{1,20}$/, 'telegramChatId must be a number')
    .nullish(),
})
export type ProfileInput = z.infer<typeof profileSchema>

export type UserRow = typeof users.$inferSelect

/** What the API shows of a user. */
export function publicUser(user: UserRow) {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    displayName: user.displayName,
    avatarUrl: user.avatarUrl,
    phone: user.phone,
    isActive: user.isActive,
    isAdmin: user.isAdmin,
    isBot: user.isBot,
    twoFactorEnabled: user.totpEnabled,
    preferredModels: user.preferredModels,
    currentModel: user.currentModel,
    telegramChatId: user.telegramChatId,
    createdAt: user.createdAt.toISOString(),
  }
}
export type PublicUser = ReturnType<typeof publicUser>

export type CreateUserInput = ProfileInput & {
  username: string
  password?: string
  /** Already hashed (a signup request carries the hash, never the password). */
  passwordHash?: string
  isAdmin?: boolean
  isBot?: boolean
}

export async function createUser(ctx: DatabaseContext, input: CreateUserInput): Promise<UserRow> {
  const username = usernameSchema.parse(input.username)
  let passwordHash = input.passwordHash ?? null
  if (input.password !== undefined) {
    checkPasswordPolicy(input.password, username)
    passwordHash = await hashPassword(input.password)
  }
  const [row] = await ctx.database.db
    .insert(users)
    .values({
      username,
      passwordHash,
      email: input.email?.toLowerCase() ?? null,
      displayName: input.displayName ?? null,
      avatarUrl: input.avatarUrl ?? null,
      phone: input.phone ?? null,
      preferredModels: input.preferredModels ?? [],
      currentModel: input.currentModel ?? null,
      telegramChatId: input.telegramChatId ?? null,
      isAdmin: input.isAdmin ?? false,
      isBot: input.isBot ?? false,
    })
    .onConflictDoNothing()
    .returning()
  if (!row) throw new ConflictError('A user with this username, email or Telegram chat id already exists')
  return row
}

export async function findUserByUsername(ctx: DatabaseContext, username: string): Promise<UserRow | undefined> {
  const [row] = await ctx.database.db.select().from(users).where(eq(users.username, username.trim().toLowerCase()))
  return row
}

export async function getUser(ctx: DatabaseContext, id: string): Promise<UserRow> {
  const [row] = await ctx.database.db.select().from(users).where(eq(users.id, id))
  if (!row) throw new NotFoundError('User')
  return row
}

/** The username of a user, or null when there is no such user (any more). */
export async function findUsername(ctx: DatabaseContext, id: string): Promise<string | null> {
  const [row] = await ctx.database.db.select({ username: users.username }).from(users).where(eq(users.id, id))
  return row?.username ?? null
}

/** The ids of the instance administrators (whom the Telegram bot tells about signup requests). */
export async function listAdminUserIds(ctx: DatabaseContext): Promise<string[]> {
  const rows = await ctx.database.db.select({ id: users.id }).from(users).where(eq(users.isAdmin, true))
  return rows.map((r) => r.id)
}

export async function countUsers(ctx: DatabaseContext): Promise<number> {
  const [row] = await ctx.database.db.select({ n: count() }).from(users)
  return Number(row.n)
}

export async function listUsers(ctx: DatabaseContext) {
  const rows = await ctx.database.db.select().from(users).orderBy(asc(users.username))
  return rows.map(publicUser)
}

export async function updateProfile(ctx: DatabaseContext, userId: string, input: ProfileInput): Promise<UserRow> {
  const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined))
  if (typeof changes.email === 'string') changes.email = changes.email.toLowerCase()
  try {
    const [row] = await ctx.database.db
      .update(users)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning()
    if (!row) throw new NotFoundError('User')
    return row
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('Email or Telegram chat id already used by another user')
    throw error
  }
}

export async function setUserFlags(ctx: DatabaseContext, userId: string, flags: { isActive?: boolean; isAdmin?: boolean }) {
  const [row] = await ctx.database.db
    .update(users)
    .set({ ...flags, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning()
  if (!row) throw new NotFoundError('User')
  return row
}

export async function setPasswordHash(ctx: DatabaseContext, userId: string, passwordHash: string) {
  await ctx.database.db
    .update(users)
    .set({ passwordHash, updatedAt: sql`now()` })
    .where(eq(users.id, userId))
}
