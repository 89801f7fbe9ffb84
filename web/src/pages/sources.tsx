// Sources: every channel messages come from, with its state (connected, paused, failing, imported), counts and
// controls; a setup form per connector; the Telegram link flow; and the webhook inbox with replay of dead deliveries.
import { useState, type FormEvent } from 'react'
import { api } from '../api/legacy'
import { pathFor, paths } from '../api/paths'
import { useAsync, useInterval } from '../lib/use-async'
import { formatDate, formatNumber } from '../lib/format'
import { useSession } from '../session'
import { ErrorMessage, NotAvailable } from '../components/states'
import { LegacyAsyncView } from '../components/legacy-views'

type Source = {
  id: string
  type: string
  name: string
  connector: string | null
  state: 'connected' | 'paused' | 'failing' | 'imported'
  lastError: string | null
  consecutiveFailures: number
  nextRetryAt: string | null
  lastSuccessAt: string | null
  lagSeconds: number | null
  messageCount: number
  conversationCount: number
  lastMessageAt: string | null
  rejectedDeliveries: number
  deliveries: { pending: number; dead: number }
}
type Delivery = { id: number; sourceId: string; connector: string; eventType: string; status: string; attempts: number; lastError: string | null; receivedAt: string }

const stateBadge: Record<Source['state'], string> = { connected: 'badge good', paused: 'badge muted', failing: 'badge bad', imported: 'badge muted' }

export function SourcesPage() {
  const session = useSession()
  if (!session.can('listSources')) {
    return (
      <section className="page">
        <h1>Sources</h1>
        <NotAvailable feature="Sources" path={paths.listSources.join(' ')} />
      </section>
    )
  }
  return <Sources />
}

function Sources() {
  const sources = useAsync(() => api.get<{ items: Source[] }>(pathFor('listSources')).then((r) => r.items), [])
  useInterval(sources.reload, 5000, true)
  return (
    <section className="page">
      <h1>Sources</h1>
      <LegacyAsyncView state={sources} isEmpty={(items) => items.length === 0} empty="No sources yet: import an export or connect a bot below.">
        {(items) => (
          <ul className="item-list" aria-label="Sources">
            {items.map((source) => (
              <SourceRow key={source.id} source={source} onChange={sources.reload} />
            ))}
          </ul>
        )}
      </LegacyAsyncView>
      <ConnectTelegram onConnected={sources.reload} />
      <TelegramLink />
      <Deliveries />
    </section>
  )
}

function SourceRow({ source, onChange }: { source: Source; onChange: () => void }) {
  const [error, setError] = useState<unknown>(null)
  const [note, setNote] = useState<string | null>(null)
  const [confirmingDelete, setConfirmingDelete] = useState(false)
  const act = async (work: () => Promise<unknown>) => {
    setError(null)
    try {
      await work()
      onChange()
    } catch (e) {
      setError(e)
    }
  }
  const sync = () =>
    act(async () => {
      const result = await api.post<{ queued: boolean; result?: { status: string; fetched: number; stored: number; error?: string } }>(pathFor('syncSource', { id: source.id }))
      setNote(result.queued ? 'Sync queued.' : `Sync ${result.result!.status}: fetched ${result.result!.fetched}, stored ${result.result!.stored}${result.result!.error ? ` (${result.result!.error})` : ''}`)
    })
  const remove = (keepMessages: boolean) =>
    act(() => api.delete(`${pathFor('deleteSource', { id: source.id })}?keepMessages=${keepMessages}`).then(() => setConfirmingDelete(false)))
  return (
    <li className="row" aria-label={`Source ${source.name}`} data-source-id={source.id}>
      <div>
        <strong>{source.name}</strong> <span className="badge muted">{source.type}</span>{' '}
        <span className={stateBadge[source.state]} data-state={source.state}>
          {source.state}
        </span>
      </div>
      <div className="meta">
        {formatNumber(source.messageCount)} messages in {formatNumber(source.conversationCount)} conversations · last message{' '}
        {source.lastMessageAt ? formatDate(source.lastMessageAt) : 'never'}
        {source.connector && <> · last success {source.lastSuccessAt ? formatDate(source.lastSuccessAt) : 'never'}</>}
        {source.deliveries.pending > 0 && <> · {source.deliveries.pending} deliveries waiting</>}
        {source.deliveries.dead > 0 && <> · {source.deliveries.dead} dead deliveries</>}
        {source.rejectedDeliveries > 0 && <> · {source.rejectedDeliveries} forged deliveries refused</>}
      </div>
      {source.state === 'failing' && (
        <div className="meta" role="status">
          Failing ({source.consecutiveFailures} in a row): {source.lastError} — next try {formatDate(source.nextRetryAt)}
        </div>
      )}
      {source.connector && (
        <div className="actions">
          {source.state === 'paused' ? (
            <button type="button" onClick={() => act(() => api.post(pathFor('resumeSource', { id: source.id })))}>Resume</button>
          ) : (
            <button type="button" onClick={() => act(() => api.post(pathFor('pauseSource', { id: source.id })))}>Pause</button>
          )}
          <button type="button" onClick={sync}>Sync now</button>
          {!confirmingDelete ? (
            <button type="button" onClick={() => setConfirmingDelete(true)}>Delete…</button>
          ) : (
            <span role="group" aria-label="Delete this source">
              Keep its {formatNumber(source.messageCount)} messages?{' '}
              <button type="button" onClick={() => remove(true)}>Delete, keep messages</button>{' '}
              <button type="button" className="danger" onClick={() => remove(false)}>Delete with messages</button>{' '}
              <button type="button" onClick={() => setConfirmingDelete(false)}>Cancel</button>
            </span>
          )}
        </div>
      )}
      {note && <div className="meta" role="status">{note}</div>}
      {error != null && <ErrorMessage error={error} />}
    </li>
  )
}

function ConnectTelegram({ onConnected }: { onConnected: () => void }) {
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
      const created = await api.post<{ name: string; notices: string[] }>(pathFor('createSource'), { connector: 'telegram', settings: { botToken: token.trim(), ...(apiRoot.trim() ? { apiRoot: apiRoot.trim() } : {}) } })
      setNotices([`Connected ${created.name}.`, ...created.notices])
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
      <p className="hint">Create a bot with @BotFather, paste its token here. Signalbox checks it with Telegram before saving it (encrypted).</p>
      <label>
        Bot token
        <input name="botToken" value={token} onChange={(e) => setToken(e.target.value)} placeholder="123456789:AA…" autoComplete="off" required />
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

function TelegramLink() {
  const session = useSession()
  const links = useAsync(() => api.get<{ items: Array<{ sourceId: string; telegramUsername: string | null; linkedAt: string }> }>(pathFor('listTelegramLinks')).then((r) => r.items), [])
  const [link, setLink] = useState<{ deepLink: string; expiresAt: string } | null>(null)
  const [error, setError] = useState<unknown>(null)
  if (!session.me) return null
  const ask = async () => {
    setError(null)
    try {
      setLink(await api.post<{ deepLink: string; expiresAt: string }>(pathFor('createTelegramLink'), {}))
    } catch (e) {
      setError(e)
    }
  }
  return (
    <div className="card" aria-label="Link Telegram">
      <h2>Your Telegram account</h2>
      <LegacyAsyncView state={links} isEmpty={(items) => items.length === 0} empty="Not linked yet.">
        {(items) => (
          <p>
            Linked as {items.map((l) => (l.telegramUsername ? `@${l.telegramUsername}` : 'a Telegram account')).join(', ')} since {formatDate(items[0].linkedAt)}.
          </p>
        )}
      </LegacyAsyncView>
      <p className="hint">Linking lets you search, see your tasks and review proposals from Telegram.</p>
      <button type="button" onClick={ask}>Link Telegram</button>
      {link && (
        <p role="status">
          Open <a href={link.deepLink} target="_blank" rel="noreferrer">{link.deepLink}</a> in Telegram and press Start. The link works once, until {formatDate(link.expiresAt)}.
        </p>
      )}
      {error != null && <ErrorMessage error={error} />}
    </div>
  )
}

function Deliveries() {
  const deliveries = useAsync(() => api.get<{ items: Delivery[]; counts: Record<string, number> }>(pathFor('listDeliveries'), { limit: 20 }), [])
  const [error, setError] = useState<unknown>(null)
  const replay = async (id: number) => {
    try {
      await api.post(pathFor('replayDeliveries'), { ids: [id] })
      deliveries.reload()
    } catch (e) {
      setError(e)
    }
  }
  return (
    <>
      <h2>Webhook inbox</h2>
      {error != null && <ErrorMessage error={error} />}
      <LegacyAsyncView state={deliveries} isEmpty={(page) => page.items.length === 0} empty="No deliveries yet.">
        {(page) => (
          <>
            <p className="meta">{Object.entries(page.counts).map(([status, n]) => `${status} ${n}`).join(' · ')}</p>
            <ul className="item-list" aria-label="Deliveries">
              {page.items.map((d) => (
                <li key={d.id} className="row" data-status={d.status}>
                  <span>
                    #{d.id} {d.connector} {d.eventType} <span className={d.status === 'dead' ? 'badge bad' : 'badge muted'}>{d.status}</span> · {d.attempts} attempts ·{' '}
                    {formatDate(d.receivedAt)}
                  </span>
                  {d.lastError && <span className="meta">{d.lastError}</span>}
                  {d.status === 'dead' && (
                    <button type="button" onClick={() => replay(d.id)}>
                      Replay
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </LegacyAsyncView>
    </>
  )
}
