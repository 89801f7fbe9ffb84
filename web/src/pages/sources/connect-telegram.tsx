// Connect a Telegram bot: its token is checked with Telegram by the server before it is stored (encrypted).
import { useState, type FormEvent } from 'react'
import { apiClient } from '../../api/client'
import { ErrorMessage } from '../../components/states'

export function ConnectTelegram({ onConnected }: { onConnected: () => void }) {
  const [token, setToken] = useState('')
  const [apiRoot, setApiRoot] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [notices, setNotices] = useState<string[] | null>(null)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const { data: created } = await apiClient.POST('/api/v1/sources', {
        body: { connector: 'telegram', settings: { botToken: token.trim(), ...(apiRoot.trim() ? { apiRoot: apiRoot.trim() } : {}) } },
      })
      setNotices([`Connected ${created!.name}.`, ...created!.notices])
      setToken('')
      onConnected()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <form className="card form" onSubmit={submit} aria-label="Connect a Telegram bot">
      <h2>Connect a Telegram bot</h2>
      <p className="hint">
        Create a bot with @BotFather, paste its token here. Signalbox checks it with Telegram before saving it (encrypted).
      </p>
      <label>
        Bot token
        <input
          name="botToken"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          placeholder="123456789:AA…"
          autoComplete="off"
          required
        />
      </label>
      <details>
        <summary>Advanced</summary>
        <label>
          Bot API server (for a self-hosted one; empty = api.telegram.org)
          <input name="apiRoot" value={apiRoot} onChange={(e) => setApiRoot(e.target.value)} placeholder="https://api.telegram.org" />
        </label>
      </details>
      {error != null && <ErrorMessage error={error} />}
      {notices && (
        <div role="status">
          {notices.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </div>
      )}
      <div>
        <button type="submit" className="primary" disabled={busy || !token.trim()}>
          {busy ? 'Checking…' : 'Connect'}
        </button>
      </div>
    </form>
  )
}
