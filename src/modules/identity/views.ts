// The identity module's reply shapes (zod): the OpenAPI document and the types of what its services return.
import { z } from 'zod'

/** A user as everyone may see them: never the password hash or the TOTP secret. */
export const publicUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string().nullable(),
  displayName: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  phone: z.string().nullable(),
  isActive: z.boolean(),
  isAdmin: z.boolean(),
  isBot: z.boolean(),
  twoFactorEnabled: z.boolean(),
  preferredModels: z.array(z.string()),
  currentModel: z.string().nullable(),
  telegramChatId: z.string().nullable(),
  createdAt: z.string(),
})
export type PublicUserView = z.infer<typeof publicUserSchema>
export const userReplySchema = z.object({ user: publicUserSchema })

/** An API token without its secret; `token` (the secret) only in the reply that created it. */
export const apiTokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  workspaceId: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
})
export const createdApiTokenSchema = apiTokenViewSchema.extend({ token: z.string() })

export const sessionViewSchema = z.object({
  id: z.string(),
  current: z.boolean(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  activeWorkspaceId: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
})

/** A login either opens a session or asks for the second factor. */
export const loginReplySchema = z.discriminatedUnion('twoFactorRequired', [
  z.object({ twoFactorRequired: z.literal(true), challenge: z.string(), expiresAt: z.string() }),
  z.object({ twoFactorRequired: z.literal(false), user: publicUserSchema, csrfToken: z.string() }),
])

export const signupReplySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('pending'), message: z.string() }),
  z.object({ status: z.literal('created'), user: publicUserSchema }),
])

/** A pending signup request as an admin sees it; `pin` is null once its attempts are used up. */
export const signupRequestViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string().nullable(),
  displayName: z.string().nullable(),
  pin: z.string().nullable(),
  attemptCount: z.number().int(),
  attemptsLeft: z.number().int(),
  approvedAt: z.string().nullable(),
  expiresAt: z.string(),
  createdAt: z.string(),
  ip: z.string().nullable(),
})

/** The admin page's audit log is the audit module's page. */
export { auditPageSchema } from '../audit/index.js'

export const twoFactorEnrolmentSchema = z.object({ secret: z.string(), otpauthUri: z.string() })
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) })
