// Admin: users, signup requests (approve -> PIN to hand over), your sessions, API tokens and the audit log.
import { useState, type FormEvent, type ReactNode } from 'react'
import { api } from '../api/client'
import { pathFor, paths, type OperationName } from '../api/paths'
import type { User } from '../api/types'
import { setSearchParams, useLocation } from '../lib/router'
import { useAsync } from '../lib/use-async'
import { formatDate } from '../lib/format'
import { useSession } from '../session'
import { AsyncView, ErrorMessage, NotAvailable } from '../components/states'

const tabs = [
  { id: 'users', label: 'Users', operation: 'listUsers' },
  { id: 'account', label: 'My account', operation: 'enrolTwoFactor' },
  { id: 'signups', label: 'Signup requests', operation: 'listSignupRequests' },
  { id: 'sessions', label: 'Sessions', operation: 'listSessions' },
  { id: 'tokens', label: 'API tokens', operation: 'listTokens' },
  { id: 'audit', label: 'Audit log', operation: 'listAudit' },
] as const satisfies ReadonlyArray<{ id: string; label: string; operation: OperationName }>

export function AdminPage() {
  const session = useSession()
  const { search } = useLocation()
  const tab = tabs.find((t) => t.id === search.get('tab')) ?? tabs[0]
  const body: Record<(typeof tabs)[number]['id'], () => ReactNode> = {
    users: () => <Users />,
    account: () => <Account />,
    signups: () => <SignupRequests />,
    sessions: () => <Sessions />,
    tokens: () => <Tokens />,
    audit: () => <Audit />,
  }
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
            <button key={t.id} type="button" role="tab" aria-selected={tab.id === t.id} onClick={() => setSearchParams({ tab: t.id === 'users' ? null : t.id })}>
              {t.label}
            </button>
          ))}
        </div>
      </div>
      {!session.can(tab.operation) ? (
        <NotAvailable feature={tab.label} path={paths[tab.operation].join(' ')} />
      ) : needsAdmin ? (
        <p className="state state-empty">{tab.label}: instance administrators only.</p>
      ) : needsPerson ? (
        <p className="state state-empty">{tab.label} belong to a signed-in person; sign in with a username and password to manage yours.</p>
      ) : (
        body[tab.id]()
      )}
    </section>
  )
}

function useAction() {
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const run = async (action: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await action()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  return { error, busy, run }
}

function Users() {
  const session = useSession()
  const users = useAsync(() => api.get<{ users: User[] }>(pathFor('listUsers')).then((r) => r.users), [])
  const action = useAction()
  const setFlags = (user: User, flags: Partial<Pick<User, 'isActive' | 'isAdmin'>>) =>
    action.run(async () => {
      await api.patch(pathFor('updateUser', { id: user.id }), flags)
      users.reload()
    })
  return (
    <>
      {action.error != null && <ErrorMessage error={action.error} />}
      <AsyncView state={users} isEmpty={(v) => v.length === 0} empty="No users yet: the first signup becomes the administrator.">
        {(items) => (
          <div className="table-wrap">
            <table className="data" aria-label="Users">
              <thead>
                <tr>
                  <th>User</th>
                  <th>Email</th>
                  <th>2FA</th>
                  <th>Admin</th>
                  <th>Active</th>
                  <th>Since</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((u) => (
                  <tr key={u.id}>
                    <td>
                      {u.displayName ?? u.username} <span className="meta">@{u.username}</span>
                    </td>
                    <td>{u.email ?? '—'}</td>
                    <td>{u.twoFactorEnabled ? 'on' : 'off'}</td>
                    <td>{u.isAdmin ? 'yes' : 'no'}</td>
                    <td>{u.isActive ? 'yes' : 'no'}</td>
                    <td>{formatDate(u.createdAt)}</td>
                    <td>
                      {session.can('updateUser') && u.id !== session.me?.user.id && (
                        <button type="button" disabled={action.busy} onClick={() => void setFlags(u, { isActive: !u.isActive })}>
                          {u.isActive ? 'Deactivate' : 'Activate'}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </AsyncView>
    </>
  )
}

type SignupRequest = { id: string; username: string; email: string | null; pin: string | null; attemptsLeft: number; approvedAt: string | null; expiresAt: string; createdAt: string; ip: string | null }

function SignupRequests() {
  const requests = useAsync(() => api.get<{ requests: SignupRequest[] }>(pathFor('listSignupRequests')).then((r) => r.requests), [])
  const [pins, setPins] = useState<Record<string, string>>({})
  const action = useAction()
  const approve = (request: SignupRequest) =>
    action.run(async () => {
      const result = await api.post<{ pin?: string }>(pathFor('approveSignupRequest', { id: request.id }))
      if (result?.pin) setPins((p) => ({ ...p, [request.id]: result.pin! }))
      requests.reload()
    })
  return (
    <>
      {action.error != null && <ErrorMessage error={action.error} />}
      <AsyncView state={requests} isEmpty={(v) => v.length === 0} empty="No pending signup requests.">
        {(items) => (
          <ul className="item-list" aria-label="Signup requests">
            {items.map((r) => (
              <li key={r.id}>
                <div className="row">
                  <div>
                    <strong>{r.username}</strong> {r.email && <span className="meta">{r.email}</span>} <span className="meta">requested {formatDate(r.createdAt)} from {r.ip ?? 'unknown'}</span>
                  </div>
                  <div className="counters">
                    <span>expires {formatDate(r.expiresAt)}</span>
                    <span>{r.attemptsLeft} PIN attempts left</span>
                    {r.approvedAt ? <span className="badge good">approved</span> : null}
                  </div>
                  {(pins[r.id] ?? (r.approvedAt ? r.pin : null)) && (
                    <p className="notice">
                      PIN to hand to {r.username}: <code>{pins[r.id] ?? r.pin}</code>
                    </p>
                  )}
                  {!r.approvedAt && (
                    <div>
                      <button type="button" className="good" disabled={action.busy} onClick={() => void approve(r)}>
                        Approve and show PIN
                      </button>
                    </div>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </AsyncView>
    </>
  )
}

type SessionRow = { id: string; current: boolean; ip: string | null; userAgent: string | null; createdAt: string; lastSeenAt: string; expiresAt: string }

function Sessions() {
  const sessions = useAsync(() => api.get<{ sessions: SessionRow[] }>(pathFor('listSessions')).then((r) => r.sessions), [])
  const action = useAction()
  const revoke = (id: string) =>
    action.run(async () => {
      await api.delete(pathFor('revokeSession', { id }))
      sessions.reload()
    })
  return (
    <>
      {action.error != null && <ErrorMessage error={action.error} />}
      <AsyncView state={sessions} isEmpty={(v) => v.length === 0} empty="No live sessions.">
        {(items) => (
          <div className="table-wrap">
            <table className="data" aria-label="Sessions">
              <thead>
                <tr>
                  <th>Device</th>
                  <th>IP</th>
                  <th>Signed in</th>
                  <th>Last seen</th>
                  <th>Expires</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.id}>
                    <td>
                      {s.userAgent ?? 'unknown'} {s.current && <span className="badge good">this session</span>}
                    </td>
                    <td>{s.ip ?? '—'}</td>
                    <td>{formatDate(s.createdAt)}</td>
                    <td>{formatDate(s.lastSeenAt)}</td>
                    <td>{formatDate(s.expiresAt)}</td>
                    <td>
                      {!s.current && (
                        <button type="button" className="danger" disabled={action.busy} onClick={() => void revoke(s.id)}>
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </AsyncView>
    </>
  )
}

type ApiToken = { id: string; name: string; tokenPrefix: string; scopes: string[]; lastUsedAt: string | null; expiresAt: string | null; revokedAt: string | null; createdAt: string }

function Tokens() {
  const tokens = useAsync(() => api.get<{ tokens: ApiToken[] }>(pathFor('listTokens')).then((r) => r.tokens), [])
  const [form, setForm] = useState({ name: '', scopes: ['read'] as string[], expiresInDays: '' })
  const [secret, setSecret] = useState<string | null>(null)
  const action = useAction()
  const create = (event: FormEvent) => {
    event.preventDefault()
    void action.run(async () => {
      const created = await api.post<{ token: string }>(pathFor('createToken'), {
        name: form.name,
        scopes: form.scopes,
        expiresInDays: form.expiresInDays ? Number(form.expiresInDays) : undefined,
      })
      setSecret(created.token)
      setForm({ name: '', scopes: ['read'], expiresInDays: '' })
      tokens.reload()
    })
  }
  const revoke = (id: string) =>
    action.run(async () => {
      await api.delete(pathFor('revokeToken', { id }))
      tokens.reload()
    })
  return (
    <>
      {action.error != null && <ErrorMessage error={action.error} />}
      {secret && (
        <p className="notice" role="status">
          New token (shown once, copy it now): <code>{secret}</code>
        </p>
      )}
      <AsyncView state={tokens} isEmpty={(v) => v.length === 0} empty="No API tokens.">
        {(items) => (
          <div className="table-wrap">
            <table className="data" aria-label="API tokens">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Token</th>
                  <th>Scopes</th>
                  <th>Last used</th>
                  <th>Expires</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((t) => (
                  <tr key={t.id}>
                    <td>{t.name}</td>
                    <td>
                      <code>{t.tokenPrefix}…</code>
                    </td>
                    <td>{t.scopes.join(', ')}</td>
                    <td>{formatDate(t.lastUsedAt)}</td>
                    <td>{t.expiresAt ? formatDate(t.expiresAt) : 'never'}</td>
                    <td>
                      {t.revokedAt ? (
                        <span className="badge bad">revoked</span>
                      ) : (
                        <button type="button" className="danger" disabled={action.busy} onClick={() => void revoke(t.id)}>
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </AsyncView>
      <form className="card filters" onSubmit={create} aria-label="Create an API token">
        <label>
          Name
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
        </label>
        <fieldset className="inline-field">
          <legend className="visually-hidden">Scopes</legend>
          {['read', 'write', 'ingest', 'admin'].map((scope) => (
            <label key={scope} className="inline-field">
              <input
                type="checkbox"
                checked={form.scopes.includes(scope)}
                onChange={(e) => setForm({ ...form, scopes: e.target.checked ? [...form.scopes, scope] : form.scopes.filter((s) => s !== scope) })}
              />
              {scope}
            </label>
          ))}
        </fieldset>
        <label>
          Expires in days
          <input type="number" min="1" max="3650" value={form.expiresInDays} onChange={(e) => setForm({ ...form, expiresInDays: e.target.value })} placeholder="never" />
        </label>
        <button type="submit" className="primary" disabled={action.busy || form.scopes.length === 0}>
          Create token
        </button>
      </form>
    </>
  )
}

type AuditEvent = { id: string; action: string; outcome: string; actorUserId: string | null; actorName: string | null; targetType: string | null; targetId: string | null; ip: string | null; details: Record<string, unknown>; createdAt: string }

function Audit() {
  const [pages, setPages] = useState<string[]>([])
  const [action, setAction] = useState('')
  const before = pages[pages.length - 1]
  const events = useAsync(() => api.get<{ events: AuditEvent[]; nextBefore: string | null }>(pathFor('listAudit'), { limit: 50, before, action: action || undefined }), [before, action])
  return (
    <>
      <div className="filters">
        <label>
          Action
          <input
            type="search"
            value={action}
            onChange={(e) => {
              setPages([])
              setAction(e.target.value)
            }}
            placeholder="e.g. auth.login"
          />
        </label>
      </div>
      <AsyncView state={events} isEmpty={(v) => v.events.length === 0} empty="No audit events.">
        {(value) => (
          <>
            <div className="table-wrap">
              <table className="data" aria-label="Audit log">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Action</th>
                    <th>Outcome</th>
                    <th>Who</th>
                    <th>Target</th>
                    <th>IP</th>
                    <th>Details</th>
                  </tr>
                </thead>
                <tbody>
                  {value.events.map((e) => (
                    <tr key={e.id}>
                      <td>{formatDate(e.createdAt)}</td>
                      <td>{e.action}</td>
                      <td>
                        <span className={e.outcome === 'success' ? 'badge good' : 'badge bad'}>{e.outcome}</span>
                      </td>
                      <td>{e.actorName ?? e.actorUserId ?? 'system'}</td>
                      <td>{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'}</td>
                      <td>{e.ip ?? '—'}</td>
                      <td className="meta">{Object.keys(e.details ?? {}).length ? JSON.stringify(e.details) : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="load-more">
              <button type="button" disabled={pages.length === 0} onClick={() => setPages(pages.slice(0, -1))}>
                Newer
              </button>{' '}
              <button type="button" disabled={!value.nextBefore} onClick={() => value.nextBefore && setPages([...pages, value.nextBefore])}>
                Older
              </button>
            </div>
          </>
        )}
      </AsyncView>
    </>
  )
}

/** Your own security: TOTP two-factor (enrol, confirm, disable) and password change. */
function Account() {
  const session = useSession()
  const enabled = session.me?.user.twoFactorEnabled ?? false
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string } | null>(null)
  const [code, setCode] = useState('')
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null)
  const [disableForm, setDisableForm] = useState({ password: '', code: '' })
  const [passwords, setPasswords] = useState({ currentPassword: '', newPassword: '' })
  const [notice, setNotice] = useState<string | null>(null)
  const action = useAction()

  const enrol = () =>
    action.run(async () => {
      setEnrolment(await api.post<{ secret: string; otpauthUri: string }>(pathFor('enrolTwoFactor')))
    })
  const confirm = (event: FormEvent) => {
    event.preventDefault()
    void action.run(async () => {
      const result = await api.post<{ recoveryCodes: string[] }>(pathFor('confirmTwoFactor'), { code: code.trim() })
      setRecoveryCodes(result.recoveryCodes)
      setEnrolment(null)
      setCode('')
      await session.refresh()
    })
  }
  const disable = (event: FormEvent) => {
    event.preventDefault()
    void action.run(async () => {
      await api.post(pathFor('disableTwoFactor'), disableForm)
      setDisableForm({ password: '', code: '' })
      setNotice('Two-factor authentication is off.')
      await session.refresh()
    })
  }
  const changePassword = (event: FormEvent) => {
    event.preventDefault()
    void action.run(async () => {
      await api.post(pathFor('changePassword'), passwords)
      setPasswords({ currentPassword: '', newPassword: '' })
      setNotice('Password changed; your other sessions were signed out.')
    })
  }

  return (
    <>
      {action.error != null && <ErrorMessage error={action.error} />}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <section className="card" aria-labelledby="two-factor-title">
        <h2 id="two-factor-title">Two-factor authentication</h2>
        <p>
          Status: <strong>{enabled ? 'on' : 'off'}</strong>
        </p>
        {recoveryCodes && (
          <div className="notice" role="status" aria-label="Recovery codes">
            Two-factor authentication is on. Keep these one-time recovery codes somewhere safe (shown once):
            <ul className="chips">
              {recoveryCodes.map((c) => (
                <li key={c} className="chip">
                  <code>{c}</code>
                </li>
              ))}
            </ul>
          </div>
        )}
        {!enabled && !enrolment && (
          <button type="button" className="primary" disabled={action.busy} onClick={() => void enrol()}>
            Set up two-factor authentication
          </button>
        )}
        {!enabled && enrolment && (
          <form className="form" onSubmit={confirm} aria-label="Confirm two-factor setup">
            <p>
              Add this account to your authenticator app with the secret <code data-testid="totp-secret">{enrolment.secret}</code> (or open{' '}
              <a href={enrolment.otpauthUri}>the otpauth link</a>), then enter the code it shows.
            </p>
            <label>
              Code from the app
              <input inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} required />
            </label>
            <div>
              <button type="submit" className="primary" disabled={action.busy}>
                Turn on
              </button>
            </div>
          </form>
        )}
        {enabled && session.can('disableTwoFactor') && (
          <form className="filters" onSubmit={disable} aria-label="Turn off two-factor">
            <label>
              Password
              <input type="password" autoComplete="current-password" value={disableForm.password} onChange={(e) => setDisableForm({ ...disableForm, password: e.target.value })} required />
            </label>
            <label>
              Code
              <input inputMode="numeric" value={disableForm.code} onChange={(e) => setDisableForm({ ...disableForm, code: e.target.value })} required />
            </label>
            <button type="submit" className="danger" disabled={action.busy}>
              Turn off
            </button>
          </form>
        )}
      </section>
      {session.can('changePassword') && (
        <form className="card filters" onSubmit={changePassword} aria-label="Change password">
          <label>
            Current password
            <input type="password" autoComplete="current-password" value={passwords.currentPassword} onChange={(e) => setPasswords({ ...passwords, currentPassword: e.target.value })} required />
          </label>
          <label>
            New password
            <input type="password" autoComplete="new-password" value={passwords.newPassword} onChange={(e) => setPasswords({ ...passwords, newPassword: e.target.value })} required />
          </label>
          <button type="submit" className="primary" disabled={action.busy}>
            Change password
          </button>
        </form>
      )}
    </>
  )
}
