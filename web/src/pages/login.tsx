// Sign-in: username + password, then a TOTP (or recovery) code when the account has 2FA; or an API token.
import { useState, type FormEvent } from 'react'
import { apiClient, ApiError, credentials } from '../api/client'
import { Link } from '../lib/router'
import { useSession } from '../session'
import { ErrorMessage } from '../components/states'

export function LoginPage() {
  const session = useSession()
  const passwordLogin = session.can('post', '/api/v1/auth/login')
  const [step, setStep] = useState<'password' | 'two-factor'>('password')
  const [useToken, setUseToken] = useState(!passwordLogin)
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [code, setCode] = useState('')
  const [challenge, setChallenge] = useState('')
  const [token, setToken] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  async function run(action: () => Promise<void>) {
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

  const submitPassword = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      credentials.token = null
      const result = (await apiClient.POST('/api/v1/auth/login', { body: { username, password } })).data!
      if (result.twoFactorRequired) {
        setChallenge(result.challenge)
        setStep('two-factor')
      } else await session.startSession(result.csrfToken)
    })
  }

  const submitCode = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      const result = (await apiClient.POST('/api/v1/auth/login/2fa', { body: { challenge, code: code.trim() } })).data!
      if (!result.twoFactorRequired) await session.startSession(result.csrfToken)
    })
  }

  const submitToken = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      credentials.token = token.trim()
      try {
        await apiClient.GET('/api/v1/conversations', { params: { query: { limit: 1 } } })
      } catch (e) {
        credentials.token = null
        throw e instanceof ApiError && e.status === 401 ? new Error('This token is not valid') : e
      }
      await session.refresh()
    })
  }

  return (
    <main className="centered">
      <section className="card login-card" aria-labelledby="login-title">
        <h1 id="login-title">Sign in to Signalbox</h1>
        {error != null && <ErrorMessage error={error} />}
        {!useToken && step === 'password' && (
          <form onSubmit={submitPassword} className="form">
            <label>
              Username
              <input
                name="username"
                autoComplete="username"
                required
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                autoFocus
              />
            </label>
            <label>
              Password
              <input
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        )}
        {!useToken && step === 'two-factor' && (
          <form onSubmit={submitCode} className="form">
            <p>Enter the 6-digit code from your authenticator app, or one of your recovery codes.</p>
            <label>
              Verification code
              <input
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                required
                value={code}
                onChange={(e) => setCode(e.target.value)}
                autoFocus
              />
            </label>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Checking…' : 'Verify'}
            </button>
            <button type="button" className="link-button" onClick={() => setStep('password')}>
              Start over
            </button>
          </form>
        )}
        {useToken && (
          <form onSubmit={submitToken} className="form">
            <label>
              API token
              <input
                name="token"
                type="password"
                autoComplete="off"
                required
                value={token}
                onChange={(e) => setToken(e.target.value)}
                autoFocus
              />
            </label>
            <p className="hint">The token is kept only in this browser tab.</p>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Checking…' : 'Use token'}
            </button>
          </form>
        )}
        <div className="login-links">
          {passwordLogin && (
            <button type="button" className="link-button" onClick={() => setUseToken(!useToken)}>
              {useToken ? 'Sign in with a password' : 'Sign in with an API token'}
            </button>
          )}
          {session.can('post', '/api/v1/auth/signup') && <Link to="/signup">Request an account</Link>}
        </div>
      </section>
    </main>
  )
}
