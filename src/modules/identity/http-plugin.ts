// Mounts the identity module's HTTP routes (auth, 2FA, tokens, admin) and the workspace routes.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { fastifyCookie } from '@fastify/cookie'
import { authRoutes } from './auth-routes.js'
import { twoFactorRoutes } from './two-factor-routes.js'
import { tokenRoutes } from './token-routes.js'
import { adminRoutes, adminTokenRoutes } from './admin-routes.js'
import { workspaceRoutes } from './workspace-routes.js'

export const identityRoutes: FastifyPluginAsyncZod = async (app) => {
  // Registered here (not app-wide): only these routes set cookies; authenticators parse the header themselves.
  await app.register(fastifyCookie)
  await app.register(authRoutes)
  await app.register(twoFactorRoutes)
  await app.register(tokenRoutes)
  await app.register(adminRoutes)
  await app.register(adminTokenRoutes)
  await app.register(workspaceRoutes)
}
