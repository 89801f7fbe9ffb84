// The one HTTP client of the web app: JSON in and out, session cookie (or an API token) for auth,
// CSRF header on cookie-authenticated writes, and API errors turned into ApiError with the server's code, message and field details.

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

export type Query = Record<string, string | number | boolean | undefined | null | string[]>

export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v))
    else params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `${path}?${text}` : path
}

/** Listeners told when the server says we are not signed in (the shell then shows the login page). */
const unauthorizedListeners = new Set<() => void>()
export function onUnauthorized(listener: () => void) {
  unauthorizedListeners.add(listener)
  return () => {
    unauthorizedListeners.delete(listener)
  }
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

export async function apiRequest<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(method) }
  const isForm = body instanceof FormData
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json'
  let response: Response
  try {
    response = await fetch(withQuery(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : isForm ? (body as FormData) : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, 'network_error', 'Cannot reach the Signalbox server')
  }
  const text = await response.text()
  let data: unknown = null
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = text
    }
  }
  if (!response.ok) {
    const error = (data as ApiErrorBody | null)?.error
    if (response.status === 401) unauthorizedListeners.forEach((l) => l())
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${response.status}`, error?.details)
  }
  return data as T
}

export const api = {
  get: <T>(path: string, query?: Query) => apiRequest<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => apiRequest<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => apiRequest<T>('PUT', path, body),
  delete: <T>(path: string) => apiRequest<T>('DELETE', path),
}
