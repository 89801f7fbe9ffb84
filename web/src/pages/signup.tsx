// Signup with PIN (seed 4): request an account, get the PIN from an admin, confirm it to activate the account.
import { useState, type FormEvent } from 'react'
import { apiClient } from '../api/client'
import { Link } from '../lib/router'
import { useSession } from '../session'
import { ErrorMessage, NotAvailable } from '../components/states'

export function SignupPage() {
  const session = useSession()
  const [step, setStep] = useState<'request' | 'pin' | 'done'>('request')
  const [form, setForm] = useState({ username: '', email: '', password: '' })
  const [pin, setPin] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  if (!session.can('post', '/api/v1/auth/signup')) return <NotAvailable feature="Signup" path="POST /api/v1/auth/signup" />

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
  const request = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      const result = (
        await apiClient.POST('/api/v1/auth/signup', {
          body: { username: form.username, email: form.email || undefined, password: form.password },
        })
      ).data!
      // The very first account of an installation may be created directly (as its administrator).
      setStep(result.status === 'created' ? 'done' : 'pin')
    })
  }
  const confirm = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      const result = (await apiClient.POST('/api/v1/auth/signup/verify', { body: { username: form.username, pin: pin.trim() } })).data!
      await session.startSession(result.csrfToken)
    })
  }
  const field = (name: keyof typeof form) => ({
    name,
    value: form[name],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }),
  })

  return (
    <main className="centered">
      <section className="card login-card" aria-labelledby="signup-title">
        <h1 id="signup-title">Request an account</h1>
        {error != null && <ErrorMessage error={error} />}
        {step === 'request' && (
          <form onSubmit={request} className="form">
            <label>
              Username
              <input {...field('username')} autoComplete="username" required autoFocus />
            </label>
            <label>
              Email (optional)
              <input {...field('email')} type="email" autoComplete="email" />
            </label>
            <label>
              Password
              <input {...field('password')} type="password" autoComplete="new-password" required minLength={8} />
            </label>
            <button type="submit" className="primary" disabled={busy}>
              Request account
            </button>
          </form>
        )}
        {step === 'pin' && (
          <form onSubmit={confirm} className="form">
            <p>An administrator has been asked to approve your request and will give you a PIN. Enter it here.</p>
            <label>
              PIN
              <input
                name="pin"
                inputMode="numeric"
                autoComplete="one-time-code"
                required
                value={pin}
                onChange={(e) => setPin(e.target.value)}
                autoFocus
              />
            </label>
            <button type="submit" className="primary" disabled={busy}>
              Confirm
            </button>
          </form>
        )}
        {step === 'done' && <p role="status">Your account is active. Sign in with your username and password.</p>}
        <div className="login-links">
          <Link to="/login">Back to sign in</Link>
        </div>
      </section>
    </main>
  )
}
