// Response schemas every route shares: the one error body (what error-handler.ts sends) and the value shapes
// (timestamps) that services hand to the serializer. Routes spread `errorResponses` into `schema.response`.
import { z } from 'zod'

/** The body of every 4xx/5xx reply (error-handler.ts): `{ error: { code, message, details } }`. */
export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      /** Field paths of a validation error (`[{ path, message }]`), or what the error adds (e.g. retryAfterSeconds). */
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'ErrorResponse' })

/** Every route fails with the same body: spread into `schema.response` beside the success statuses. */
export const errorResponses = { '4xx': errorResponseSchema, '5xx': errorResponseSchema } as const

/** A moment in time. Drizzle rows carry Dates and raw-SQL mappers ISO strings; both are sent as ISO 8601 text. */
export const timestampSchema = z.union([z.date(), z.string()]).meta({ format: 'date-time' })

/** `{ ok: true }`, the answer of commands that return nothing else. */
export const okSchema = z.object({ ok: z.literal(true) })
