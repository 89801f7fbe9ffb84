// Admin → API tokens: the person's tokens (prefix, scopes, last use), a new one shown once, revocation.
import { useState, type FormEvent } from 'react'
import { api, type paths } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { formatDate } from '../../lib/format'
import { AsyncView, ErrorMessage } from '../../components/states'

type Scope = NonNullable<paths['/api/v1/tokens']['post']['requestBody']>['content']['application/json']['scopes'][number]
const scopes = ['read', 'write', 'ingest', 'admin'] as const satisfies readonly Scope[]

export function Tokens() {
  const invalidate = useInvalidate()
  const tokens = api.useQuery('get', '/api/v1/tokens', {}, { select: (r) => r.tokens })
  const [form, setForm] = useState({ name: '', scopes: ['read'] as Scope[], expiresInDays: '' })
  const [secret, setSecret] = useState<string | null>(null)
  const creation = api.useMutation('post', '/api/v1/tokens', {
    onSuccess: (created) => {
      setSecret(created!.token)
      setForm({ name: '', scopes: ['read'], expiresInDays: '' })
      return invalidate('/api/v1/tokens')
    },
  })
  const revocation = api.useMutation('delete', '/api/v1/tokens/{id}', { onSuccess: () => invalidate('/api/v1/tokens') })
  const busy = creation.isPending || revocation.isPending
  const create = (event: FormEvent) => {
    event.preventDefault()
    creation.mutate({
      body: { name: form.name, scopes: form.scopes, expiresInDays: form.expiresInDays ? Number(form.expiresInDays) : undefined },
    })
  }
  const revoke = (id: string) => revocation.mutate({ params: { path: { id } } })
  return (
    <>
      {(creation.isError || revocation.isError) && <ErrorMessage error={creation.error ?? revocation.error} />}
      {secret && (
        <p className="notice" role="status">
          New token (shown once, copy it now): <code>{secret}</code>
        </p>
      )}
      <AsyncView query={tokens} isEmpty={(v) => v.length === 0} empty="No API tokens.">
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
                      <code>{t.prefix}…</code>
                    </td>
                    <td>{t.scopes.join(', ')}</td>
                    <td>{formatDate(t.lastUsedAt)}</td>
                    <td>{t.expiresAt ? formatDate(t.expiresAt) : 'never'}</td>
                    <td>
                      {t.revokedAt ? (
                        <span className="badge bad">revoked</span>
                      ) : (
                        <button type="button" className="danger" disabled={busy} onClick={() => revoke(t.id)}>
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
          {scopes.map((scope) => (
            <label key={scope} className="inline-field">
              <input
                type="checkbox"
                checked={form.scopes.includes(scope)}
                onChange={(e) =>
                  setForm({ ...form, scopes: e.target.checked ? [...form.scopes, scope] : form.scopes.filter((s) => s !== scope) })
                }
              />
              {scope}
            </label>
          ))}
        </fieldset>
        <label>
          Expires in days
          <input
            type="number"
            min="1"
            max="3650"
            value={form.expiresInDays}
            onChange={(e) => setForm({ ...form, expiresInDays: e.target.value })}
            placeholder="never"
          />
        </label>
        <button type="submit" className="primary" disabled={busy || form.scopes.length === 0}>
          Create token
        </button>
      </form>
    </>
  )
}
