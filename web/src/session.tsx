// Who is signed in, in which workspace, and what this server's API offers: the context every page reads.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'
import { api, ApiError, credentials, onUnauthorized, setCsrfToken } from './api/client'
import { loadCapabilities, type Capabilities } from './api/capabilities'
import { pathFor, paths, type OperationName } from './api/paths'
import type { Me, Workspace } from './api/types'

export type Session = {
  capabilities: Capabilities
  /** Signed in with a password session (identity module) or with an API token pasted at login. */
  signedIn: boolean
  me: Me | null
  workspaces: Workspace[]
  activeWorkspaceId: string | null
  can: (operation: OperationName) => boolean
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
  const can = (name: OperationName) => capabilities.has(paths[name][0], paths[name][1])
  try {
    if (credentials.token) {
      // An API token (possibly the machine's local token, which is no person): any read proves it.
      await api.get(pathFor('listConversations'), { limit: 1 })
      return { signedIn: true, me: null }
    }
    if (!can('me') || !localStorage.getItem(sessionHintKey)) return { signedIn: false, me: null }
    const me = await api.get<Me>(pathFor('me'))
    if (can('csrf')) setCsrfToken((await api.get<{ csrfToken: string }>(pathFor('csrf'))).csrfToken)
    return { signedIn: true, me }
  } catch (error) {
    if (error instanceof ApiError && [400, 401, 403].includes(error.status)) {
      localStorage.removeItem(sessionHintKey)
      credentials.token = null
      return { signedIn: false, me: null }
    }
    throw error
  }
}

export function SessionProvider({ children, fallback }: { children: (session: Session) => ReactNode; fallback: (error: Error | null) => ReactNode }) {
  const [state, setState] = useState<State | null>(null)
  const [error, setError] = useState<Error | null>(null)

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

  const can = (name: OperationName) => state.capabilities.has(paths[name][0], paths[name][1])
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
      if (!credentials.token && can('logout')) await api.post(pathFor('logout')).catch(() => undefined)
      credentials.token = null
      setCsrfToken(null)
      localStorage.removeItem(sessionHintKey)
      setState({ ...state, signedIn: false, me: null })
    },
    async switchWorkspace(workspaceId) {
      if (!credentials.token && can('switchWorkspace')) await api.post(pathFor('switchWorkspace', { id: workspaceId }))
      else credentials.workspaceId = workspaceId
      await refresh()
    },
  }
  return <SessionContext.Provider value={session}>{children(session)}</SessionContext.Provider>
}
