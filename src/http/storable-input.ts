// Input the database cannot store is refused at the edge with a 400 naming the field (issue 18 items 3 and 5):
// bodies must be valid UTF-8 (not silently turned into U+FFFD), and no query, path parameter or JSON body may
// carry NUL, lone surrogates or absurd nesting. A route that reports such items one by one (batch ingest)
// opts out of the body check with `config: { checksItemsItself: true }` and validates each item itself.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { formatPath, ValidationError } from '../lib/errors.js'
import { findUnstorableValue } from '../lib/storable-values.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route validates each item of its body itself and reports bad ones per item. */
    checksItemsItself?: boolean
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** JSON bodies decoded strictly: invalid UTF-8 is a 400, then Fastify's own (prototype-poisoning safe) parser. */
export function installStrictJsonParser(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string
    try {
      text = strictUtf8.decode(body as Buffer)
    } catch {
      done(
        new ValidationError('The request body is not valid UTF-8', [{ path: 'body', message: 'invalid UTF-8 byte sequence' }]),
        undefined,
      )
      return
    }
    parseJson(request, text, done)
  })
}

/** preValidation hook: the first unstorable value of the query string, path parameters or body, as a 400. */
export async function refuseUnstorableInput(request: FastifyRequest) {
  const places: Array<[string, unknown]> = [
    ['querystring', request.query],
    ['params', request.params],
  ]
  // Such a route's body is parsed without recursion (z.array(z.unknown())) and each item checked iteratively.
  if (!request.routeOptions.config?.checksItemsItself) places.push(['body', request.body])
  for (const [where, value] of places) {
    if (value === undefined || value === null || Buffer.isBuffer(value)) continue
    const found = findUnstorableValue(value)
    if (found) {
      const path = formatPath([where, ...found.path])
      throw new ValidationError(`${path} ${found.message}`, [{ path, message: found.message }])
    }
  }
}
