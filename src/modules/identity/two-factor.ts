// TOTP two-factor authentication: enrol (secret + otpauth URI), confirm with a code (which also issues
// recovery codes), verify at login (TOTP with a one-step clock-skew window, or a one-time recovery code),
// disable with password + code. The secret is encrypted at rest with the master key.
import { and, eq, isNull, lt, or } from 'drizzle-orm'
import { generateSecret, generateURI, verify } from 'otplib'
import { randomBytes } from 'node:crypto'
import type { DatabaseContext, SystemContext } from '../../lib/context.js'
import type { Config } from '../../config.js'
import { hashToken } from '../../lib/crypto.js'
import { ConflictError, UnauthorizedError, ValidationError } from '../../lib/errors.js'
import { decryptWithKeyRing, encryptWithKeyRing } from '../../lib/key-ring.js'
import { recoveryCodes, users } from './schema.js'
import { verifyPassword } from './passwords.js'
import type { UserRow } from './users.js'

/** Enrolment and verification need the database and the master key (config), and no workspace: 2FA is per user. */
type TwoFactorContext = Pick<SystemContext, 'database' | 'config'>

export const totpIssuer = 'Signalbox'
/** Accept the previous and next 30 s step: phones drift, people type slowly. */
export const totpSkewSeconds = 30
export const recoveryCodeCount = 10

export async function enrolTwoFactor(ctx: TwoFactorContext, user: UserRow) {
  if (user.totpEnabled) throw new ConflictError('Two-factor authentication is already enabled; disable it first')
  const secret = generateSecret()
  await ctx.database.db
    .update(users)
    .set({ totpSecret: encryptWithKeyRing(ctx.config, secret), updatedAt: new Date() })
    .where(eq(users.id, user.id))
  return { secret, otpauthUri: generateURI({ secret, issuer: totpIssuer, label: user.username }) }
}

/** Checks a TOTP code against the user's stored secret (enrolled or enabled); returns the accepted time step. */
export async function verifyTotpCode(config: Config, user: UserRow, code: string, now = Date.now()): Promise<number | null> {
  if (!user.totpSecret || !/^\d{6}$/.test(code)) return null
  const secret = decryptWithKeyRing(config, user.totpSecret)
  const epoch = Math.floor(now / 1000)
  const result = await verify({
    secret,
    token: code,
    epoch,
    epochTolerance: totpSkewSeconds,
    ...(user.totpLastStep !== null ? { afterTimeStep: user.totpLastStep } : {}),
  })
  return result.valid ? Math.floor(epoch / 30) + result.delta : null
}

/** Records the accepted step atomically: of two requests with the same code, only one passes. */
async function consumeTotpStep(ctx: DatabaseContext, userId: string, step: number): Promise<boolean> {
  const updated = await ctx.database.db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id })
  return updated.length === 1
}

export async function confirmTwoFactor(ctx: TwoFactorContext, user: UserRow, code: string) {
  if (user.totpEnabled) throw new ConflictError('Two-factor authentication is already enabled')
  if (!user.totpSecret) throw new ValidationError('Enrol first', [{ path: 'code', message: 'no pending enrolment' }])
  const step = await verifyTotpCode(ctx.config, user, code)
  if (step === null || !(await consumeTotpStep(ctx, user.id, step))) {
    throw new ValidationError('Wrong code', [{ path: 'code', message: 'does not match the authenticator' }])
  }
  const codes = Array.from({ length: recoveryCodeCount }, newRecoveryCode)
  await ctx.database.db.transaction(async (tx) => {
    await tx.update(users).set({ totpEnabled: true, updatedAt: new Date() }).where(eq(users.id, user.id))
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id))
    await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId: user.id, codeHash: hashRecoveryCode(c) })))
  })
  return { recoveryCodes: codes }
}

/** 10 base32 characters (50 bits) as xxxxx-xxxxx: typed rarely, so length beats convenience. */
function newRecoveryCode() {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789'
  const bytes = randomBytes(10)
  const chars = Array.from(bytes, (b) => alphabet[b % 32]).join('')
  return `${chars.slice(0, 5)}-${chars.slice(5)}`
}

function hashRecoveryCode(code: string) {
  return hashToken(
    `recovery:${code
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')}`,
  )
}

/** A second factor at login: a TOTP code, or a recovery code that is consumed atomically (single use). */
export async function verifySecondFactor(ctx: TwoFactorContext, user: UserRow, code: string) {
  const trimmed = code.trim()
  if (/^\d{6}$/.test(trimmed)) {
    const step = await verifyTotpCode(ctx.config, user, trimmed)
    return { ok: step !== null && (await consumeTotpStep(ctx, user.id, step)), method: 'totp' as const }
  }
  const used = await ctx.database.db
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(recoveryCodes.userId, user.id), eq(recoveryCodes.codeHash, hashRecoveryCode(trimmed)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id })
  return { ok: used.length === 1, method: 'recovery-code' as const }
}

export async function disableTwoFactor(ctx: TwoFactorContext, user: UserRow, input: { password: string; code: string }) {
  if (!user.totpEnabled) throw new ConflictError('Two-factor authentication is not enabled')
  const passwordOk = user.passwordHash ? await verifyPassword(user.passwordHash, input.password) : false
  const codeOk = passwordOk && (await verifySecondFactor(ctx, user, input.code)).ok
  if (!passwordOk || !codeOk) throw new UnauthorizedError('Wrong password or code')
  await ctx.database.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpEnabled: false, totpSecret: null, totpLastStep: null, updatedAt: new Date() })
      .where(eq(users.id, user.id))
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id))
  })
}
