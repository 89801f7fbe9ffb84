// Who is signed in, in which workspace, and what this server's API offers: the context every page reads.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { apiClient, ApiError, credentials, onUnauthorized, setCsrfToken, type ApiData, type ApiPath } from './api/client'
import { loadCapabilities, type Capabilities } from './api/capabilities'

type Me = ApiData<'get', '/api/v1/auth/me'>
type Workspace = Me['workspaces'][number]
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'
/** Whether this server offers an operation, e.g. can('get', '/api/v1/proposals'). */
export type Can = (method: Method, path: ApiPath) => boolean

export type Session = {
  capabilities: Capabilities
  /** Signed in with a password session (identity module) or with an API token pasted at login. */
  signedIn: boolean
  me: Me | null
  workspaces: Workspace[]
  activeWorkspaceId: string | null
  can: Can
  refresh: () => Promise<void>
  /** After a password login or signup verification: remember the session and its CSRF token. */
  startSession: (csrfToken: string) => Promise<void>
  signOut: () => Promise<void>
  switchWorkspace: (workspaceId: string) => Promise<void>
}

const SessionContext = createContext<Session | null>(null)

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside SessionProvider')
  return session
}

type State = { capabilities: Capabilities; signedIn: boolean; me: Me | null }

// The session cookie is HttpOnly, so the app remembers that it signed in; without this it would ask /auth/me
// on every visit and get a 401 (a red line in the console) whenever nobody is signed in.
const sessionHintKey = 'signalbox.session'

async function whoAmI(capabilities: Capabilities): Promise<{ signedIn: boolean; me: Me | null }> {
  const can: Can = (method, path) => capabilities.has(method, path)
  try {
    if (credentials.token) {
      // An API token (possibly the machine's local token, which is no person): any read proves it.
      await apiClient.GET('/api/v1/conversations', { params: { query: { limit: 1 } } })
      return { signedIn: true, me: null }
    }
    if (!can('get', '/api/v1/auth/me') || !localStorage.getItem(sessionHintKey)) return { signedIn: false, me: null }
    const { data: me } = await apiClient.GET('/api/v1/auth/me')
    if (can('get', '/api/v1/auth/csrf')) setCsrfToken((await apiClient.GET('/api/v1/auth/csrf')).data!.csrfToken)
    return { signedIn: true, me: me! }
  } catch (error) {
    if (error instanceof ApiError && [400, 401, 403].includes(error.status)) {
      localStorage.removeItem(sessionHintKey)
      credentials.token = null
      return { signedIn: false, me: null }
    }
    throw error
  }
}

export function SessionProvider({
  children,
  fallback,
}: {
  children: (session: Session) => ReactNode
  fallback: (error: Error | null) => ReactNode
}) {
  const [state, setState] = useState<State | null>(null)
  const [error, setError] = useState<Error | null>(null)
  // Cached answers belong to one person in one workspace: forget them when either changes.
  const queryClient = useQueryClient()

  const refresh = useCallback(async () => {
    try {
      const capabilities = state?.capabilities ?? (await loadCapabilities())
      setState({ capabilities, ...(await whoAmI(capabilities)) })
      setError(null)
    } catch (e) {
      setError(e as Error)
    }
  }, [state?.capabilities])

  useEffect(() => {
    void refresh()
    // once, on mount
  }, [])

  useEffect(
    () =>
      onUnauthorized(() => {
        localStorage.removeItem(sessionHintKey)
        setState((s) => (s ? { ...s, signedIn: false, me: null } : s))
      }),
    [],
  )

  if (!state) return <>{fallback(error)}</>

  const can: Can = (method, path) => state.capabilities.has(method, path)
  const session: Session = {
    ...state,
    workspaces: state.me?.workspaces ?? [],
    activeWorkspaceId: state.me?.activeWorkspace?.id ?? credentials.workspaceId,
    can,
    refresh,
    async startSession(csrfToken) {
      credentials.token = null
      setCsrfToken(csrfToken)
      localStorage.setItem(sessionHintKey, '1')
      await refresh()
    },
    async signOut() {
      if (!credentials.token && can('post', '/api/v1/auth/logout')) await apiClient.POST('/api/v1/auth/logout').catch(() => undefined)
      credentials.token = null
      setCsrfToken(null)
      localStorage.removeItem(sessionHintKey)
      queryClient.clear()
      setState({ ...state, signedIn: false, me: null })
    },
    async switchWorkspace(workspaceId) {
      if (!credentials.token && can('post', '/api/v1/workspaces/{id}/switch'))
        await apiClient.POST('/api/v1/workspaces/{id}/switch', { params: { path: { id: workspaceId } } })
      else credentials.workspaceId = workspaceId
      queryClient.clear()
      await refresh()
    },
  }
  return <SessionContext.Provider value={session}>{children(session)}</SessionContext.Provider>
}
