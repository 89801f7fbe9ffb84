// Replies go through the route's zod response schema. In checked mode (the test apps) a schema that would change
// what the service returned — a field it strips, a value it converts — fails the request instead of hiding it.
import { isDeepStrictEqual } from 'node:util'
import { safeEncode, type $ZodType } from 'zod/v4/core'
import type { FastifySerializerCompiler } from 'fastify/types/schema.js'
import { ResponseSerializationError } from 'fastify-type-provider-zod'

export function responseSerializerCompiler(options: { checked: boolean }): FastifySerializerCompiler<$ZodType> {
  return ({ schema, method, url }) =>
    (data) => {
      const result = safeEncode(schema, data)
      if (result.error) throw new ResponseSerializationError(method, url, { cause: result.error })
      const json = JSON.stringify(result.data)
      if (options.checked) {
        const sent = JSON.stringify(data)
        if (json !== sent && !isDeepStrictEqual(JSON.parse(json ?? 'null'), JSON.parse(sent ?? 'null'))) {
          throw new Error(`Response schema of ${method} ${url} changes the reply:\nreturned ${sent}\nsent     ${json}`)
        }
      }
      return json
    }
}
