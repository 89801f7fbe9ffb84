// Admin: users, my account (two-factor, password), signup requests (approve -> PIN to hand over), your sessions,
// API tokens and the audit log, one tab each.
import type { ReactNode } from 'react'
import type { ApiPath } from '../../api/client'
import { setSearchParams, useLocation } from '../../lib/router'
import { useSession } from '../../session'
import { NotAvailable } from '../../components/states'
import { Users } from './users'
import { Account } from './account'
import { SignupRequests } from './signup-requests'
import { Sessions } from './sessions'
import { Tokens } from './tokens'
import { Audit } from './audit'

/** Each tab, with the operation whose presence on the server says the tab can work. */
const tabs = [
  { id: 'users', label: 'Users', method: 'get', path: '/api/v1/admin/users', render: () => <Users /> },
  { id: 'account', label: 'My account', method: 'post', path: '/api/v1/auth/2fa/enrol', render: () => <Account /> },
  { id: 'signups', label: 'Signup requests', method: 'get', path: '/api/v1/admin/signup-requests', render: () => <SignupRequests /> },
  { id: 'sessions', label: 'Sessions', method: 'get', path: '/api/v1/auth/sessions', render: () => <Sessions /> },
  { id: 'tokens', label: 'API tokens', method: 'get', path: '/api/v1/tokens', render: () => <Tokens /> },
  { id: 'audit', label: 'Audit log', method: 'get', path: '/api/v1/admin/audit', render: () => <Audit /> },
] as const satisfies ReadonlyArray<{ id: string; label: string; method: 'get' | 'post'; path: ApiPath; render: () => ReactNode }>

export function AdminPage() {
  const session = useSession()
  const { search } = useLocation()
  const tab = tabs.find((t) => t.id === search.get('tab')) ?? tabs[0]
  // Sessions and tokens belong to a person; the machine's local token has neither.
  const needsPerson = (tab.id === 'sessions' || tab.id === 'tokens' || tab.id === 'account') && !session.me
  // Users, signup requests and the audit log are for instance administrators (or the machine's own token).
  const needsAdmin = (tab.id === 'users' || tab.id === 'signups' || tab.id === 'audit') && session.me !== null && !session.me.user.isAdmin
  return (
    <section className="page">
      <div className="page-header">
        <h1>Admin</h1>
        <div className="tabs" role="tablist" aria-label="Admin sections">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={tab.id === t.id}
              onClick={() => setSearchParams({ tab: t.id === 'users' ? null : t.id })}
            >
              {t.label}
            </button>
          ))}
        </div>
      </div>
      {!session.can(tab.method, tab.path) ? (
        <NotAvailable feature={tab.label} path={`${tab.method.toUpperCase()} ${tab.path}`} />
      ) : needsAdmin ? (
        <p className="state state-empty">{tab.label}: instance administrators only.</p>
      ) : needsPerson ? (
        <p className="state state-empty">{tab.label} belong to a signed-in person; sign in with a username and password to manage yours.</p>
      ) : (
        tab.render()
      )}
    </section>
  )
}
