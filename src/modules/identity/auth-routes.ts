// HTTP shell of signup, login (with 2FA challenge), logout, the current user and their sessions: parse, call one
// service (account-actions.ts, login.ts, signup.ts), set or clear the session cookie, format.
import { z } from 'zod'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { completeTwoFactorLogin, loginWithPassword, type LoginResult } from './login.js'
import { requestSignup, verifySignupPinAndSignIn } from './signup.js'
import { profileSchema } from './users.js'
import { csrfTokenFor, assertSameOrigin } from './csrf.js'
import { readSessionCookie } from './authenticators.js'
import { authBodyLimit, authContext, clearSessionCookie, setSessionCookie } from './http-helpers.js'
import { requestMeta } from '../../http/guards.js'
import {
  changeOwnPassword,
  describeCaller,
  endAllSessions,
  endCurrentSession,
  listOwnSessions,
  revokeOwnSession,
  sessionCsrfToken,
  updateOwnProfile,
} from './account-actions.js'
import { errorResponses } from '../../http/response-schemas.js'
import { loginReplySchema, publicUserSchema, sessionViewSchema, signupReplySchema, userReplySchema } from './views.js'
import { userWorkspaceSchema } from '../workspaces/index.js'

const credentials = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1024) })
const publicRoute = { public: true } as const
const meReplySchema = z.object({
  user: publicUserSchema,
  workspaces: z.array(userWorkspaceSchema),
  activeWorkspace: userWorkspaceSchema.nullable(),
  via: z.union([
    z.object({ kind: z.literal('api-token'), tokenId: z.string(), scopes: z.array(z.string()) }),
    z.object({ kind: z.literal('session') }),
  ]),
})
const selfService = { selfService: true } as const

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  // Public auth endpoints take no cookie, but a browser on another site must not drive them either.
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.public && request.method === 'POST') assertSameOrigin(request)
  })

  const finishLogin = (request: FastifyRequest, reply: FastifyReply, result: LoginResult) => {
    if (result.kind === 'two-factor') {
      return { twoFactorRequired: true as const, challenge: result.challenge, expiresAt: result.expiresAt }
    }
    setSessionCookie(request, reply, result.token)
    return { twoFactorRequired: false as const, user: result.user, csrfToken: csrfTokenFor(result.token) }
  }

  app.post(
    '/auth/signup',
    {
      config: publicRoute,
      bodyLimit: authBodyLimit,
      schema: {
        tags: ['auth'],
        summary: 'Request an account (an admin hands out the PIN; the first user may become admin)',
        body: credentials.extend({ email: z.email().max(255).optional(), displayName: z.string().trim().min(1).max(100).optional() }),
        response: { 201: signupReplySchema, 202: signupReplySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await requestSignup(authContext(request), { ...request.body, meta: requestMeta(request) })
      return reply.status(result.status === 'created' ? 201 : 202).send(result)
    },
  )

  app.post(
    '/auth/signup/verify',
    {
      config: publicRoute,
      bodyLimit: authBodyLimit,
      schema: {
        tags: ['auth'],
        summary: 'Turn a signup request into an account with its PIN (and sign in)',
        body: z.object({ username: z.string().min(1).max(100), pin: z.string().regex(/^\s*\d{6}\s*$/, 'pin: 6 digits') }),
        response: { 201: userReplySchema.extend({ csrfToken: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { user, token } = await verifySignupPinAndSignIn(authContext(request), { ...request.body, meta: requestMeta(request) })
      setSessionCookie(request, reply, token)
      return reply.status(201).send({ user, csrfToken: csrfTokenFor(token) })
    },
  )

  app.post(
    '/auth/login',
    {
      config: publicRoute,
      bodyLimit: authBodyLimit,
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username and password',
        body: credentials,
        response: { 200: loginReplySchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      finishLogin(request, reply, await loginWithPassword(authContext(request), { ...request.body, meta: requestMeta(request) })),
  )

  app.post(
    '/auth/login/2fa',
    {
      config: publicRoute,
      bodyLimit: authBodyLimit,
      schema: {
        tags: ['auth'],
        summary: 'Second step of a 2FA login: a TOTP code or a recovery code',
        body: z.object({ challenge: z.string().min(10).max(200), code: z.string().min(6).max(20) }),
        response: { 200: loginReplySchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      finishLogin(request, reply, await completeTwoFactorLogin(authContext(request), { ...request.body, meta: requestMeta(request) })),
  )

  app.post(
    '/auth/logout',
    { config: selfService, schema: { tags: ['auth'], summary: 'End this session', response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await endCurrentSession(request.ctx)
      clearSessionCookie(request, reply)
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/auth/logout-all',
    {
      config: selfService,
      schema: {
        tags: ['auth'],
        summary: 'End every session of the signed-in user, this one included',
        response: { 200: z.object({ revoked: z.number().int() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await endAllSessions(request.ctx)
      clearSessionCookie(request, reply)
      return result
    },
  )

  app.get(
    '/auth/csrf',
    {
      config: selfService,
      schema: {
        tags: ['auth'],
        summary: 'The CSRF token to send as X-CSRF-Token with cookie-authenticated changes',
        response: { 200: z.object({ csrfToken: z.string(), header: z.literal('X-CSRF-Token') }), ...errorResponses },
      },
    },
    async (request) => sessionCsrfToken(request.ctx, readSessionCookie(request)),
  )

  app.get(
    '/auth/me',
    {
      config: selfService,
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, their workspaces and the active one',
        response: { 200: meReplySchema, ...errorResponses },
      },
    },
    async (request) => describeCaller(request.ctx),
  )

  app.patch(
    '/auth/me',
    {
      config: selfService,
      bodyLimit: authBodyLimit,
      schema: {
        tags: ['auth'],
        summary: 'Update your profile',
        body: profileSchema,
        response: { 200: userReplySchema, ...errorResponses },
      },
    },
    async (request) => updateOwnProfile(request.ctx, request.body),
  )

  app.post(
    '/auth/password',
    {
      config: selfService,
      bodyLimit: authBodyLimit,
      schema: {
        tags: ['auth'],
        summary: 'Change your password (ends your other sessions)',
        body: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) }),
        response: { 200: z.object({ otherSessionsRevoked: z.number().int() }), ...errorResponses },
      },
    },
    async (request) => changeOwnPassword(request.ctx, request.body),
  )

  app.get(
    '/auth/sessions',
    {
      config: selfService,
      schema: {
        tags: ['auth'],
        summary: 'Your live sessions',
        response: { 200: z.object({ sessions: z.array(sessionViewSchema) }), ...errorResponses },
      },
    },
    async (request) => listOwnSessions(request.ctx),
  )

  app.delete(
    '/auth/sessions/:id',
    {
      config: selfService,
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of your sessions',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokeOwnSession(request.ctx, request.params.id)
      return reply.status(204).send(null)
    },
  )
}
