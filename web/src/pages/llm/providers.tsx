// LLM → Providers: the configured endpoints (key stored encrypted, never shown), validated on demand; add one.
import { useState, type FormEvent } from 'react'
import { api, type ApiData, type paths } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { formatDate } from '../../lib/format'
import { useSession } from '../../session'
import { AsyncView, ErrorMessage } from '../../components/states'

type Provider = ApiData<'get', '/api/v1/llm/providers'>['items'][number]
type ProviderType = NonNullable<paths['/api/v1/llm/providers']['post']['requestBody']>['content']['application/json']['type']
const providerTypes = ['openai_compatible', 'openai', 'ollama', 'local'] as const satisfies readonly ProviderType[]
type ProviderForm = { name: string; type: ProviderType; baseUrl: string; apiKey: string }
const emptyForm: ProviderForm = { name: '', type: 'openai_compatible', baseUrl: '', apiKey: '' }

export function Providers() {
  const session = useSession()
  const invalidate = useInvalidate()
  const providers = api.useQuery('get', '/api/v1/llm/providers', {}, { select: (r) => r.items })
  const [form, setForm] = useState<ProviderForm>(emptyForm)
  // Validation and creation change the list: it is read again either way (a failed validation stores its error).
  const creation = api.useMutation('post', '/api/v1/llm/providers', {
    onSuccess: () => setForm(emptyForm),
    onSettled: () => invalidate('/api/v1/llm/providers'),
  })
  const validation = api.useMutation('post', '/api/v1/llm/providers/{id}/validate', {
    onSettled: () => invalidate('/api/v1/llm/providers'),
  })
  const validating = validation.isPending ? validation.variables.params.path.id : null
  const failed = creation.isError ? creation.error : validation.isError ? validation.error : null

  const add = (event: FormEvent) => {
    event.preventDefault()
    validation.reset()
    creation.mutate({ body: { name: form.name, type: form.type, baseUrl: form.baseUrl || undefined, apiKey: form.apiKey || undefined } })
  }
  const validate = (provider: Provider) => {
    creation.reset()
    validation.mutate({ params: { path: { id: provider.id } } })
  }

  return (
    <>
      {failed != null && <ErrorMessage error={failed} />}
      <AsyncView
        query={providers}
        isEmpty={(items) => items.length === 0}
        empty="No providers yet: Signalbox uses its local analyser. Add an OpenAI-compatible endpoint below."
      >
        {(items) => (
          <div className="table-wrap">
            <table className="data" aria-label="Providers">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Type</th>
                  <th>Endpoint</th>
                  <th>Key</th>
                  <th>Status</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.id}>
                    <td>{p.name}</td>
                    <td>{p.type}</td>
                    <td>{p.baseUrl ?? 'default'}</td>
                    <td>{p.hasApiKey ? 'stored (encrypted)' : 'none'}</td>
                    <td>
                      <span
                        className={
                          p.validationStatus === 'connected' ? 'badge good' : p.validationStatus === 'error' ? 'badge bad' : 'badge muted'
                        }
                      >
                        {p.validationStatus}
                      </span>
                      {p.validationError && <div className="meta">{p.validationError}</div>}
                      {p.validatedAt && <div className="meta">{formatDate(p.validatedAt)}</div>}
                    </td>
                    <td>
                      {session.can('post', '/api/v1/llm/providers/{id}/validate') && (
                        <button type="button" disabled={validating === p.id} onClick={() => validate(p)}>
                          {validating === p.id ? 'Validating…' : 'Validate'}
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
      {session.can('post', '/api/v1/llm/providers') && (
        <form className="card filters" onSubmit={add} aria-label="Add a provider">
          <label>
            Name
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
          </label>
          <label>
            Type
            <select value={form.type} onChange={(e) => setForm({ ...form, type: e.target.value as ProviderType })}>
              {providerTypes.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
          <label>
            Base URL
            <input value={form.baseUrl} onChange={(e) => setForm({ ...form, baseUrl: e.target.value })} placeholder="https://…/v1" />
          </label>
          <label>
            API key
            <input type="password" autoComplete="off" value={form.apiKey} onChange={(e) => setForm({ ...form, apiKey: e.target.value })} />
          </label>
          <button type="submit" className="primary" disabled={creation.isPending}>
            Add provider
          </button>
        </form>
      )}
    </>
  )
}
