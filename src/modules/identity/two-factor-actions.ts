// A signed-in person's own two-factor settings, as services (sessions only: tokens cannot manage 2FA). Confirming
// and disabling guess codes, so they share the 2FA throttle with the login challenge; each action is audited.
import type { ServiceContext } from '../../lib/context.js'
import { AppError } from '../../lib/errors.js'
import { sessionActor } from '../../lib/actor-checks.js'
import { recordAuditEvent } from '../audit/index.js'
import { throttleGuesses, throttleKey, throttlePolicies } from './throttle.js'
import { confirmTwoFactor, disableTwoFactor, enrolTwoFactor } from './two-factor.js'
import { getUser } from './users.js'

/** A wrong code answers 400 (confirm) or 401 (disable): both count as a guess. */
const isWrongCode = (error: unknown) => error instanceof AppError && (error.httpStatus === 400 || error.httpStatus === 401)

const twoFactorKey = (userId: string) => throttleKey('2fa', 'account', userId, throttlePolicies.twoFactorAccount)

/** Starts TOTP enrolment: the secret and an otpauth:// URI for a QR code. */
export async function startTwoFactorEnrolment(ctx: ServiceContext) {
  const { userId } = sessionActor(ctx.actor)
  const result = await enrolTwoFactor(ctx, await getUser(ctx, userId))
  await recordAuditEvent(ctx, { action: 'auth.2fa.enrol', actorUserId: userId, meta: ctx.origin })
  return result
}

/** Finishes enrolment with a code; returns the one-time recovery codes. */
export async function enableTwoFactor(ctx: ServiceContext, code: string) {
  const { userId } = sessionActor(ctx.actor)
  const user = await getUser(ctx, userId)
  const result = await throttleGuesses(ctx, [twoFactorKey(userId)], isWrongCode, () => confirmTwoFactor(ctx, user, code.trim()))
  await recordAuditEvent(ctx, { action: 'auth.2fa.enable', actorUserId: userId, meta: ctx.origin })
  return result
}

/** Turns 2FA off with the password and a current code (or a recovery code). */
export async function turnOffTwoFactor(ctx: ServiceContext, input: { password: string; code: string }) {
  const { userId } = sessionActor(ctx.actor)
  const user = await getUser(ctx, userId)
  await throttleGuesses(ctx, [twoFactorKey(userId)], isWrongCode, () => disableTwoFactor(ctx, user, input))
  await recordAuditEvent(ctx, { action: 'auth.2fa.disable', actorUserId: userId, meta: ctx.origin })
}
