// HTTP shell of TOTP enrolment, confirmation and disabling; the rules (sessions only, throttle, audit) are in
// two-factor-actions.ts.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { enableTwoFactor, startTwoFactorEnrolment, turnOffTwoFactor } from './two-factor-actions.js'
import { authBodyLimit } from './http-helpers.js'
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
    async (request) => startTwoFactorEnrolment(request.ctx),
  )

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
    async (request) => enableTwoFactor(request.ctx, request.body.code),
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
      await turnOffTwoFactor(request.ctx, request.body)
      return reply.status(204).send(null)
    },
  )
}
