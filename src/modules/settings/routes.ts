// HTTP shell of app settings: admins read and change instance-wide settings (the service checks and audits).
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { errorResponses } from '../../http/response-schemas.js'
import { changeSetting, listSettingsAsAdmin, settingChangeSchema, settingViewSchema } from './service.js'

const selfService = { selfService: true } as const

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/admin/settings',
    {
      config: selfService,
      schema: {
        tags: ['admin'],
        summary: 'Every known setting with its value',
        response: { 200: z.object({ settings: z.array(settingViewSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      return { settings: await listSettingsAsAdmin(request.ctx) }
    },
  )

  app.put(
    '/admin/settings/:key',
    {
      config: selfService,
      bodyLimit: 16 * 1024,
      schema: {
        tags: ['admin'],
        summary: 'Change a setting (e.g. signup.open = false)',
        params: z.object({ key: z.string().min(1).max(100) }),
        body: z.object({ value: z.unknown() }),
        response: { 200: settingChangeSchema, ...errorResponses },
      },
    },
    async (request) => {
      return changeSetting(request.ctx, { key: request.params.key, value: request.body.value })
    },
  )
}
