// The response schema every route shares: the one error body (what error-handler.ts sends).
// Routes spread `errorResponses` into `schema.response` beside their success statuses.
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
