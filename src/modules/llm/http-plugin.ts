// All HTTP routes of the LLM layer, mounted under /api/v1.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { providerRoutes } from './provider-routes.js'
import { agentRoutes } from './agent-routes.js'
import { usageRoutes } from './usage-routes.js'

export const llmRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(providerRoutes)
  await app.register(agentRoutes)
  await app.register(usageRoutes)
}
