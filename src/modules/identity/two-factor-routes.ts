// HTTP shell of TOTP enrolment, confirmation and disabling (sessions only: tokens cannot manage 2FA).
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { recordAuditEvent } from '../audit/index.js'
import { confirmTwoFactor, disableTwoFactor, enrolTwoFactor } from './two-factor.js'
import { getUser } from './users.js'
import { authBodyLimit } from './http-helpers.js'
import { requestMeta, requireSessionUser } from '../../http/guards.js'
import { assertNotThrottled, recordThrottledAttempt, throttleKey, throttlePolicies } from './throttle.js'
import { AppError } from '../../lib/errors.js'
import { errorResponses } from '../../http/response-schemas.js'
import { recoveryCodesSchema, twoFactorEnrolmentSchema } from './views.js'

const selfService = { selfService: true } as const

export const twoFactorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/auth/2fa/enrol',
    {
      config: selfService,
      schema: {
        tags: ['auth'],
        summary: 'Start TOTP enrolment: returns the secret and an otpauth:// URI for a QR code',
        response: { 200: twoFactorEnrolmentSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { userId } = requireSessionUser(request)
      const user = await getUser(request.ctx.database, userId)
      const result = await enrolTwoFactor(request.ctx.database, request.ctx.config, user)
      await recordAuditEvent(request.ctx.database, { action: 'auth.2fa.enrol', actorUserId: userId, meta: requestMeta(request) })
      return result
    },
  )

  // Confirm and disable guess codes, so they share the 2FA throttle with the login challenge.
  const throttled = async <T>(userId: string, work: () => Promise<T>): Promise<T> => {
    const key = throttleKey('2fa', 'account', userId, throttlePolicies.twoFactorAccount)
    await assertNotThrottled(app.deps.database, [key])
    try {
      return await work()
    } catch (error) {
      if (error instanceof AppError && (error.httpStatus === 400 || error.httpStatus === 401))
        await recordThrottledAttempt(app.deps.database, [key])
      throw error
    }
  }

  app.post(
    '/auth/2fa/confirm',
    {
      config: selfService,
      bodyLimit: authBodyLimit,
      schema: {
        tags: ['auth'],
        summary: 'Finish enrolment with a code; returns one-time recovery codes (shown once)',
        body: z.object({ code: z.string().min(6).max(10) }),
        response: { 200: recoveryCodesSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { userId } = requireSessionUser(request)
      const user = await getUser(request.ctx.database, userId)
      const result = await throttled(userId, () =>
        confirmTwoFactor(request.ctx.database, request.ctx.config, user, request.body.code.trim()),
      )
      await recordAuditEvent(request.ctx.database, { action: 'auth.2fa.enable', actorUserId: userId, meta: requestMeta(request) })
      return result
    },
  )

  app.post(
    '/auth/2fa/disable',
    {
      config: selfService,
      bodyLimit: authBodyLimit,
      schema: {
        tags: ['auth'],
        summary: 'Turn 2FA off with your password and a current code (or a recovery code)',
        body: z.object({ password: z.string().min(1).max(1024), code: z.string().min(6).max(20) }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { userId } = requireSessionUser(request)
      const user = await getUser(request.ctx.database, userId)
      await throttled(userId, () => disableTwoFactor(request.ctx.database, request.ctx.config, user, request.body))
      await recordAuditEvent(request.ctx.database, { action: 'auth.2fa.disable', actorUserId: userId, meta: requestMeta(request) })
      return reply.status(204).send(null)
    },
  )
}
