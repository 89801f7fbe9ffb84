// Who is signed in, in which workspace, and what this server's API offers: the context every page reads.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'
import { api, ApiError, credentials, onUnauthorized } from './api/client'
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

async function whoAmI(capabilities: Capabilities): Promise<{ signedIn: boolean; me: Me | null }> {
  const can = (name: OperationName) => capabilities.has(paths[name][0], paths[name][1])
  try {
    if (can('me')) {
      const me = await api.get<Me>(pathFor('me'))
      return { signedIn: true, me }
    }
    if (!credentials.token) return { signedIn: false, me: null }
    // Without the identity module the only credential is an API token: check it against any read endpoint.
    await api.get(pathFor('listConversations'), { limit: 1 })
    return { signedIn: true, me: null }
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return { signedIn: false, me: null }
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
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useEffect(() => onUnauthorized(() => setState((s) => (s ? { ...s, signedIn: false, me: null } : s))), [])

  if (!state) return <>{fallback(error)}</>

  const can = (name: OperationName) => state.capabilities.has(paths[name][0], paths[name][1])
  const session: Session = {
    ...state,
    workspaces: state.me?.workspaces ?? [],
    activeWorkspaceId: state.me?.activeWorkspaceId ?? credentials.workspaceId,
    can,
    refresh,
    async signOut() {
      if (can('logout') && !credentials.token) await api.post(pathFor('logout')).catch(() => undefined)
      credentials.token = null
      setState({ ...state, signedIn: false, me: null })
    },
    async switchWorkspace(workspaceId) {
      if (can('switchWorkspace') && !credentials.token) await api.post(pathFor('switchWorkspace'), { workspaceId })
      credentials.workspaceId = workspaceId
      await refresh()
    },
  }
  return <SessionContext.Provider value={session}>{children(session)}</SessionContext.Provider>
}
