// HTTP shell of app settings: admins read and change instance-wide settings.
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { listSettings, setSetting } from './service.js'
import { requestMeta, requireInstanceAdmin } from '../../http/guards.js'
import { recordAuditEvent } from '../audit/index.js'
import { errorResponses } from '../../http/response-schemas.js'
import { settingChangeSchema, settingViewSchema } from './service.js'

const selfService = { selfService: true } as const

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/admin/settings', { config: selfService, schema: { tags: ['admin'], summary: 'Every known setting with its value', response: { 200: z.object({ settings: z.array(settingViewSchema) }), ...errorResponses } } }, async (request) => {
    requireInstanceAdmin(request)
    return { settings: await listSettings(request.ctx.database) }
  })

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
      const actorUserId = requireInstanceAdmin(request)
      const result = await setSetting(request.ctx.database, { key: request.params.key, value: request.body.value, updatedBy: actorUserId })
      await recordAuditEvent(request.ctx.database, {
        action: 'admin.setting.update',
        actorUserId,
        targetType: 'setting',
        targetId: result.key,
        details: { value: result.value },
        meta: requestMeta(request),
      })
      return result
    },
  )
}
