// What a domain module contributes to the shells: API routes, root routes, CLI commands, jobs, authenticators.
// Each module exports one SignalboxModule from its module.ts; src/modules/all.ts lists them.
import type { Command } from 'commander'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { JobDefinition, WorkerDeps } from '../jobs/types.js'
import type { Authenticator } from '../http/request-context.js'

export type SignalboxModule = {
  name: string
  /** Mounted under /api/v1 behind authentication (routes may opt out with config.public). */
  apiRoutes?: FastifyPluginAsyncZod
  /** Mounted at the root, outside /api/v1 (the web app's static files). */
  rootRoutes?: FastifyPluginAsyncZod
  commands?: (program: Command) => void
  jobs?: JobDefinition[]
  /** Long-running work started with the job workers (the webhook processor, Telegram pollers). */
  services?: Array<(deps: WorkerDeps) => { stop(): Promise<void> }>
  /** Tried after the local token, in module order. */
  authenticators?: Authenticator[]
}
