// The one HTTP client of the web app, typed from the server's OpenAPI document (schema.d.ts, `npm run gen:api`)
// through openapi-fetch: session cookie (or an API token) for auth, CSRF header on cookie-authenticated writes,
// and every failed response thrown as ApiError with the server's code, message and field details, so callers
// (and TanStack Query) only ever see data or an ApiError.
import createFetchClient, { createQuerySerializer, type Middleware } from 'openapi-fetch'
import createQueryHooks, { type MethodResponse } from 'openapi-react-query'
import type { HttpMethod, PathsWithMethod } from 'openapi-typescript-helpers'
import type { paths } from './schema'

export type { paths }
export type ApiPath = keyof paths

export type ApiErrorBody = { error: { code: string; message: string; details: unknown } }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message)
  }
  /** "field: message" lines for validation errors, so forms can say which field is wrong. */
  get fieldMessages(): string[] {
    if (!Array.isArray(this.details)) return []
    return this.details.map((d: any) => (d?.path ? `${d.path}: ${d.message}` : String(d?.message ?? d)))
  }
}

/** The ApiError of a failed response body (`{ error: { code, message, details } }`), whatever else it holds. */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const error = (body as ApiErrorBody | null)?.error
  return new ApiError(status, error?.code ?? 'http_error', error?.message ?? `HTTP ${status}`, error?.details)
}

const tokenKey = 'signalbox.apiToken'
const workspaceKey = 'signalbox.workspaceId'

/** An API token pasted at login (instead of a password session); kept for this browser tab only. */
export const credentials = {
  get token(): string | null {
    return sessionStorage.getItem(tokenKey)
  },
  set token(value: string | null) {
    if (value) sessionStorage.setItem(tokenKey, value)
    else sessionStorage.removeItem(tokenKey)
  },
  get workspaceId(): string | null {
    return localStorage.getItem(workspaceKey)
  },
  set workspaceId(value: string | null) {
    if (value) localStorage.setItem(workspaceKey, value)
    else localStorage.removeItem(workspaceKey)
  },
}

/** The CSRF token of the cookie session (from login, signup verification or GET /auth/csrf); memory only. */
let csrfToken: string | null = null
export function setCsrfToken(token: string | null) {
  csrfToken = token
}

/** Listeners told when the server says we are not signed in (the shell then shows the login page). */
const unauthorizedListeners = new Set<() => void>()
export function onUnauthorized(listener: () => void) {
  unauthorizedListeners.add(listener)
  return () => {
    unauthorizedListeners.delete(listener)
  }
}

/** Tells the listeners that the server answered 401 (the shell then shows the login page). */
export function notifyUnauthorized() {
  unauthorizedListeners.forEach((listener) => listener())
}

/** Credentials, workspace and CSRF headers of a request (also used by the streaming client in event-stream.ts). */
export function authHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = {}
  if (credentials.token) headers.authorization = `Bearer ${credentials.token}`
  if (credentials.workspaceId) headers['x-signalbox-workspace'] = credentials.workspaceId
  if (method !== 'GET') {
    if (csrfToken && !credentials.token) headers['x-csrf-token'] = csrfToken
  }
  return headers
}

const authentication: Middleware = {
  onRequest({ request }) {
    for (const [name, value] of Object.entries(authHeaders(request.method))) request.headers.set(name, value)
    request.headers.set('accept', 'application/json')
    return request
  },
  async onResponse({ response }) {
    if (response.ok) return undefined
    const text = await response.clone().text()
    let body: unknown
    try {
      body = text ? JSON.parse(text) : null
    } catch {
      body = text
    }
    if (response.status === 401) notifyUnauthorized()
    throw apiErrorFrom(response.status, body)
  },
  onError({ error }) {
    // A request cancelled on purpose (TanStack Query aborts outdated ones) stays an AbortError.
    if (error instanceof DOMException && error.name === 'AbortError') return undefined
    return new ApiError(0, 'network_error', 'Cannot reach the Signalbox server')
  },
}

// Empty filters (a select left on "any") are left out of the URL, as the API reads a missing value as "any".
const serializeQuery = createQuerySerializer()
const withoutEmptyValues = (query: Record<string, unknown>) =>
  serializeQuery(
    Object.fromEntries(Object.entries(query ?? {}).filter(([, value]) => value !== '' && value !== null && value !== undefined)),
  )

export const apiClient = createFetchClient<paths>({ querySerializer: withoutEmptyValues })
apiClient.use(authentication)

/** TanStack Query hooks over the typed client: `api.useQuery('get', '/api/v1/tasks', { params })`. */
export const api = createQueryHooks(apiClient)

/** The JSON a successful call answers, e.g. `ApiData<'get', '/api/v1/tasks'>`. */
export type ApiData<Method extends HttpMethod, Path extends PathsWithMethod<paths, Method>> = MethodResponse<typeof api, Method, Path>
/** One element of a list response's `items`. */
export type ApiItem<Method extends HttpMethod, Path extends PathsWithMethod<paths, Method>> = ItemOf<ApiData<Method, Path>>
type ItemOf<Data> = 0 extends 1 & Data ? any : Data extends { items: Array<infer Item> } ? Item : never
