// HTTP shell of the workspace's analysis schedule: GET shows it, PUT changes it (fields left out keep their value).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { requireScope } from '../../http/guards.js'
import { errorResponses } from '../../http/response-schemas.js'
import { getSchedule, putSchedule, scheduleInputSchema, scheduleViewSchema } from './schedule.js'

export const analysisScheduleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/analysis/schedule',
    {
      schema: {
        tags: ['analysis'],
        summary: "The workspace's analysis schedule, with nextRunAt, lastRunAt and lastRunId",
        response: { 200: scheduleViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'read')
      return getSchedule(request.ctx)
    },
  )
  app.put(
    '/analysis/schedule',
    {
      schema: {
        tags: ['analysis'],
        summary: 'Set the analysis schedule: every intervalMinutes (>= 15) or preset, over a window ending at each run',
        body: scheduleInputSchema,
        response: { 200: scheduleViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireScope(request, 'write')
      return putSchedule(request.ctx, request.body)
    },
  )
}
