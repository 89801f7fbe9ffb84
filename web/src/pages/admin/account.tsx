// Admin → My account: your own security, TOTP two-factor (enrol, confirm with recovery codes shown once,
// disable) and password change.
import { useState, type FormEvent } from 'react'
import { api } from '../../api/client'
import { useSession } from '../../session'
import { ErrorMessage } from '../../components/states'

/** Your own security: TOTP two-factor (enrol, confirm, disable) and password change. */
export function Account() {
  const session = useSession()
  const enabled = session.me?.user.twoFactorEnabled ?? false
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string } | null>(null)
  const [code, setCode] = useState('')
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null)
  const [disableForm, setDisableForm] = useState({ password: '', code: '' })
  const [passwords, setPasswords] = useState({ currentPassword: '', newPassword: '' })
  const [notice, setNotice] = useState<string | null>(null)
  const enrolment2fa = api.useMutation('post', '/api/v1/auth/2fa/enrol', { onSuccess: (result) => setEnrolment(result!) })
  const confirmation = api.useMutation('post', '/api/v1/auth/2fa/confirm', {
    onSuccess: async (result) => {
      setRecoveryCodes(result!.recoveryCodes)
      setEnrolment(null)
      setCode('')
      await session.refresh()
    },
  })
  const disabling = api.useMutation('post', '/api/v1/auth/2fa/disable', {
    onSuccess: async () => {
      setDisableForm({ password: '', code: '' })
      setNotice('Two-factor authentication is off.')
      await session.refresh()
    },
  })
  const passwordChange = api.useMutation('post', '/api/v1/auth/password', {
    onSuccess: () => {
      setPasswords({ currentPassword: '', newPassword: '' })
      setNotice('Password changed; your other sessions were signed out.')
    },
  })
  const changes = [enrolment2fa, confirmation, disabling, passwordChange]
  const action = { busy: changes.some((c) => c.isPending), error: changes.find((c) => c.isError)?.error as unknown }
  /** A new attempt clears the last one's error. */
  const start = () => changes.forEach((c) => c.reset())

  const enrol = () => {
    start()
    enrolment2fa.mutate({})
  }
  const confirm = (event: FormEvent) => {
    event.preventDefault()
    start()
    confirmation.mutate({ body: { code: code.trim() } })
  }
  const disable = (event: FormEvent) => {
    event.preventDefault()
    start()
    disabling.mutate({ body: disableForm })
  }
  const changePassword = (event: FormEvent) => {
    event.preventDefault()
    start()
    passwordChange.mutate({ body: passwords })
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
          <button type="button" className="primary" disabled={action.busy} onClick={enrol}>
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
        {enabled && session.can('post', '/api/v1/auth/2fa/disable') && (
          <form className="filters" onSubmit={disable} aria-label="Turn off two-factor">
            <label>
              Password
              <input
                type="password"
                autoComplete="current-password"
                value={disableForm.password}
                onChange={(e) => setDisableForm({ ...disableForm, password: e.target.value })}
                required
              />
            </label>
            <label>
              Code
              <input
                inputMode="numeric"
                value={disableForm.code}
                onChange={(e) => setDisableForm({ ...disableForm, code: e.target.value })}
                required
              />
            </label>
            <button type="submit" className="danger" disabled={action.busy}>
              Turn off
            </button>
          </form>
        )}
      </section>
      {session.can('post', '/api/v1/auth/password') && (
        <form className="card filters" onSubmit={changePassword} aria-label="Change password">
          <label>
            Current password
            <input
              type="password"
              autoComplete="current-password"
              value={passwords.currentPassword}
              onChange={(e) => setPasswords({ ...passwords, currentPassword: e.target.value })}
              required
            />
          </label>
          <label>
            New password
            <input
              type="password"
              autoComplete="new-password"
              value={passwords.newPassword}
              onChange={(e) => setPasswords({ ...passwords, newPassword: e.target.value })}
              required
            />
          </label>
          <button type="submit" className="primary" disabled={action.busy}>
            Change password
          </button>
        </form>
      )}
    </>
  )
}
