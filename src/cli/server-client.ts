// The CLI's client of a running Signalbox server: the web app's generated, typed client (openapi-fetch over
// web/src/api/schema.d.ts, `npm run gen:api`) with the CLI's bearer token. Paths, parameters and bodies are checked
// against the server's OpenAPI document at compile time; an error answer is thrown as ServerError, keeping its
// field paths so a command can name its own flags.
import createClient, { type Client, type Middleware } from 'openapi-fetch'
import type { paths } from '../../web/src/api/schema.js'
import { ServerError, type FieldProblem } from './runtime-errors.js'

export type ApiClient = Client<paths>

export type ServerClient = {
  url: string
  api: ApiClient
}

const serverErrors: Middleware = {
  async onResponse({ response }) {
    if (response.ok) return undefined
    const text = await response.clone().text()
    // Our error shape, { error: { code, message, details } }, when the answer is ours at all.
    let parsed: { error?: { message?: string; details?: unknown } } | null
    try {
      parsed = text ? (JSON.parse(text) as typeof parsed) : null
    } catch {
      parsed = null // not JSON: the status says what happened
    }
    const message = parsed?.error?.message ?? `HTTP ${response.status}`
    const details = parsed?.error?.details
    const problems = Array.isArray(details) ? (details as FieldProblem[]) : []
    throw new ServerError(message, problems, details ? ` ${JSON.stringify(details)}` : '')
  },
}

export function serverClient(url: string, token: string): ServerClient {
  const api = createClient<paths>({ baseUrl: url.replace(/\/+$/, ''), headers: { authorization: `Bearer ${token}` } })
  api.use(serverErrors)
  return { url, api }
}

/**
 * The JSON of a successful call (an error answer was thrown as ServerError already). Untyped on purpose: a command
 * prints what either the server or the local service returns, and the local services answer with Date objects
 * where the JSON has strings; the request side (path, parameters, body) is what the generated types check.
 */
export async function dataOf(call: Promise<{ data?: unknown }>): Promise<any> {
  return (await call).data
}
