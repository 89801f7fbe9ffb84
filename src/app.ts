// Builds the Fastify app: error mapping, OpenAPI, authentication, then every module's routes under /api/v1.
import Fastify, { type FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Config } from './config.js'
import type { Database } from './db/client.js'
import type { Log } from './lib/logger.js'
import type { ServiceContext } from './lib/context.js'
import type { JobQueue } from './jobs/queue.js'
import { installErrorHandler } from './http/error-handler.js'
import { responseSerializerCompiler } from './http/response-serializer.js'
import { authenticateRequest, localTokenAuthenticator, type Authenticator } from './http/request-context.js'
import { healthRoutes, ProbesAtDebugLogController } from './http/health-routes.js'
import { installStrictJsonParser, refuseUnstorableInput } from './http/storable-input.js'
import { allModules } from './modules/all.js'

export type AppDeps = {
  database: Database
  config: Config
  log: Log
  defaultWorkspaceId: string
  /** Secret that the CLI on this machine presents (written to the data dir). */
  localToken?: string
  authenticators: Authenticator[]
  queue?: JobQueue
  /** Flipped by the shutdown sequence so /readyz turns 503 while requests drain. */
  state: { ready: boolean }
  /** Test apps: a reply its response schema would change (strip, convert) fails instead of being sent. */
  checkResponses?: boolean
}

export type AppOptions = Omit<AppDeps, 'authenticators' | 'state'> & {
  authenticators?: Authenticator[]
  state?: { ready: boolean }
}

/** The web app and the API docs load only their own scripts; inline styles are allowed (React style props,
 * Swagger UI). Anything injected into a page can neither run a script from elsewhere nor send data away. */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

export async function buildApp(options: AppOptions): Promise<FastifyInstance<any, any, any, any, any>> {
  const deps: AppDeps = {
    ...options,
    authenticators: options.authenticators ?? [localTokenAuthenticator, ...allModules.flatMap((m) => m.authenticators ?? [])],
    state: options.state ?? { ready: true },
  }
  const app = Fastify({
    loggerInstance: options.log,
    bodyLimit: 25 * 1024 * 1024,
    trustProxy: options.config.trustProxy,
    logController: new ProbesAtDebugLogController(),
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(responseSerializerCompiler({ checked: Boolean(options.checkResponses) }))
  installErrorHandler(app)
  installStrictJsonParser(app)

  await app.register(swagger, {
    openapi: {
      info: { title: 'Signalbox API', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas registered with an id (the shared error body) become components the operations refer to.
    transformObject: jsonSchemaTransformObject,
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs' })

  app.decorate('deps', deps)
  // Set by the authentication hook before any handler runs; null until then.
  app.decorateRequest('ctx', null as unknown as ServiceContext)
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff')
    reply.header('x-frame-options', 'DENY')
    reply.header('referrer-policy', 'no-referrer')
    reply.header('content-security-policy', contentSecurityPolicy)
  })

  await app.register(healthRoutes)
  await app.register(
    async (api) => {
      // preValidation: a request without credentials gets 401 before its body is judged.
      api.addHook('preValidation', async (request) => {
        if (request.routeOptions.config?.public) return
        const { workspaceId, actor } = await authenticateRequest(request, deps)
        const userAgent = request.headers['user-agent']
        request.ctx = {
          origin: { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : undefined },
          database: deps.database,
          config: deps.config,
          log: request.log,
          queue: deps.queue,
          workspaceId,
          actor,
        }
      })
      api.addHook('preValidation', refuseUnstorableInput)
      for (const module of allModules) if (module.apiRoutes) await api.register(module.apiRoutes)
    },
    { prefix: '/api/v1' },
  )
  for (const module of allModules) if (module.rootRoutes) await app.register(module.rootRoutes)
  return app
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps
  }
}
