// LLM: usage charts (spend per day, by model and agent, tokens, latency), providers (add, validate), agents, budgets.
import { useState, type FormEvent, type ReactNode } from 'react'
import { api } from '../api/client'
import { pathFor, paths, type OperationName } from '../api/paths'
import type { Agent, Budget, Provider, UsageSummary } from '../api/types'
import { setSearchParams, useLocation } from '../lib/router'
import { useAsync } from '../lib/use-async'
import { formatDate, formatMoney, formatNumber, formatPercent } from '../lib/format'
import { useSession } from '../session'
import { BreakdownChart, DailyBarChart } from '../components/charts'
import { AsyncView, ErrorMessage, NotAvailable } from '../components/states'

const tabs = ['usage', 'providers', 'agents', 'budgets'] as const
type Tab = (typeof tabs)[number]

export function LlmPage() {
  const { search } = useLocation()
  const tab = (tabs as readonly string[]).includes(search.get('tab') ?? '') ? (search.get('tab') as Tab) : 'usage'
  return (
    <section className="page">
      <div className="page-header">
        <h1>LLM</h1>
        <div className="tabs" role="tablist" aria-label="LLM sections">
          {tabs.map((t) => (
            <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setSearchParams({ tab: t === 'usage' ? null : t })}>
              {t[0].toUpperCase() + t.slice(1)}
            </button>
          ))}
        </div>
      </div>
      {tab === 'usage' && <Gate operation="usage" feature="LLM usage" render={() => <Usage />} />}
      {tab === 'providers' && <Gate operation="listProviders" feature="LLM providers" render={() => <Providers />} />}
      {tab === 'agents' && <Gate operation="listAgents" feature="LLM agents" render={() => <Agents />} />}
      {tab === 'budgets' && <Gate operation="listBudgets" feature="LLM budgets" render={() => <Budgets />} />}
    </section>
  )
}

/** Renders a section only when the server offers its API, so no request goes to a missing route. */
function Gate({ operation, feature, render }: { operation: OperationName; feature: string; render: () => ReactNode }) {
  const session = useSession()
  return session.can(operation) ? <>{render()}</> : <NotAvailable feature={feature} path={paths[operation].join(' ')} />
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10)

/** Every day of the range, so days without calls show as empty bars rather than disappearing. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = []
  for (let d = new Date(`${from}T00:00:00Z`); isoDay(d) <= to; d = new Date(d.getTime() + 86400000)) days.push(isoDay(d))
  return days
}

function Usage() {
  const [range, setRange] = useState(30)
  const to = isoDay(new Date())
  const from = isoDay(new Date(Date.now() - (range - 1) * 86400000))
  const usage = useAsync(async () => {
    const get = (groupBy: string) => api.get<UsageSummary>(pathFor('usage'), { from, to, groupBy })
    const [byDay, byModel, byAgent] = await Promise.all([get('day'), get('model'), get('agent')])
    return { byDay, byModel, byAgent }
  }, [from, to])
  return (
    <>
      <div className="filters">
        <label>
          Period
          <select value={range} onChange={(e) => setRange(Number(e.target.value))}>
            <option value={7}>Last 7 days</option>
            <option value={30}>Last 30 days</option>
            <option value={90}>Last 90 days</option>
          </select>
        </label>
      </div>
      <AsyncView state={usage}>
        {({ byDay, byModel, byAgent }) => {
          const dayRows = new Map(byDay.rows.map((r) => [r.key ?? '', r]))
          const days = daysBetween(from, to)
          const series = (pick: (r: (typeof byDay.rows)[number]) => number) => days.map((day) => ({ day, value: dayRows.has(day) ? pick(dayRows.get(day)!) : 0 }))
          const t = byDay.total
          return (
            <div aria-label="LLM usage">
              <div className="counters card" role="group" aria-label="Usage totals">
                <span>
                  calls <strong>{formatNumber(t.calls)}</strong>
                </span>
                <span>
                  errors <strong>{formatNumber(t.errors)}</strong>
                </span>
                <span>
                  spend <strong>{formatMoney(t.costUsd)}</strong>
                </span>
                <span>
                  tokens in <strong>{formatNumber(t.tokensIn)}</strong>
                </span>
                <span>
                  tokens out <strong>{formatNumber(t.tokensOut)}</strong>
                </span>
                <span>
                  avg latency <strong>{formatNumber(t.avgLatencyMs)} ms</strong>
                </span>
              </div>
              {t.calls === 0 ? (
                <p className="state state-empty">No LLM calls in this period.</p>
              ) : (
                <>
                  <div className="grid-2">
                    <DailyBarChart title="Spend per day" days={series((r) => r.costUsd)} value={formatMoney(t.costUsd)} format={formatMoney} />
                    <DailyBarChart title="Tokens per day" days={series((r) => r.tokensIn + r.tokensOut)} value={formatNumber(t.tokensIn + t.tokensOut)} format={(n) => formatNumber(Math.round(n))} />
                    <DailyBarChart title="Average latency per day" days={series((r) => r.avgLatencyMs)} format={(n) => `${Math.round(n)} ms`} />
                    <DailyBarChart title="Calls per day" days={series((r) => r.calls)} format={(n) => formatNumber(Math.round(n))} />
                  </div>
                  <div className="grid-2">
                    <BreakdownChart title="Spend by model" rows={byModel.rows.map((r) => ({ label: r.label ?? 'unknown', value: r.costUsd }))} format={formatMoney} />
                    <BreakdownChart title="Spend by agent" rows={byAgent.rows.map((r) => ({ label: r.label ?? 'local', value: r.costUsd }))} format={formatMoney} />
                    <BreakdownChart title="Tokens by model" rows={byModel.rows.map((r) => ({ label: r.label ?? 'unknown', value: r.tokensIn + r.tokensOut }))} format={(n) => formatNumber(Math.round(n))} />
                    <BreakdownChart title="Latency by model" rows={byModel.rows.map((r) => ({ label: r.label ?? 'unknown', value: r.avgLatencyMs }))} format={(n) => `${Math.round(n)} ms`} />
                  </div>
                </>
              )}
            </div>
          )
        }}
      </AsyncView>
    </>
  )
}

function Providers() {
  const session = useSession()
  const providers = useAsync(() => api.get<{ items: Provider[] } | Provider[]>(pathFor('listProviders')).then(itemsOf), [])
  const [form, setForm] = useState({ name: '', type: 'openai_compatible', baseUrl: '', apiKey: '' })
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)

  const add = async (event: FormEvent) => {
    event.preventDefault()
    setBusy('add')
    setError(null)
    try {
      const created = await api.post<Provider>(pathFor('createProvider'), { name: form.name, type: form.type, baseUrl: form.baseUrl || undefined, apiKey: form.apiKey || undefined })
      providers.setValue((old) => [...(old ?? []), created])
      setForm({ name: '', type: 'openai_compatible', baseUrl: '', apiKey: '' })
    } catch (e) {
      setError(e)
    } finally {
      setBusy(null)
    }
  }
  const validate = async (provider: Provider) => {
    setBusy(provider.id)
    setError(null)
    try {
      const result = await api.post<Provider>(pathFor('validateProvider', { id: provider.id }))
      providers.setValue((old) => old?.map((p) => (p.id === provider.id ? { ...p, ...result } : p)))
    } catch (e) {
      setError(e)
      providers.reload()
    } finally {
      setBusy(null)
    }
  }

  return (
    <>
      {error != null && <ErrorMessage error={error} />}
      <AsyncView state={providers} isEmpty={(items) => items.length === 0} empty="No providers yet: Signalbox uses its local analyser. Add an OpenAI-compatible endpoint below.">
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
                      <span className={p.validationStatus === 'connected' ? 'badge good' : p.validationStatus === 'error' ? 'badge bad' : 'badge muted'}>{p.validationStatus}</span>
                      {p.validationError && <div className="meta">{p.validationError}</div>}
                      {p.validatedAt && <div className="meta">{formatDate(p.validatedAt)}</div>}
                    </td>
                    <td>
                      {session.can('validateProvider') && (
                        <button type="button" disabled={busy === p.id} onClick={() => void validate(p)}>
                          {busy === p.id ? 'Validating…' : 'Validate'}
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
      {session.can('createProvider') && (
        <form className="card filters" onSubmit={add} aria-label="Add a provider">
          <label>
            Name
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
          </label>
          <label>
            Type
            <select value={form.type} onChange={(e) => setForm({ ...form, type: e.target.value })}>
              {['openai_compatible', 'openai', 'ollama', 'local'].map((t) => (
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
          <button type="submit" className="primary" disabled={busy === 'add'}>
            Add provider
          </button>
        </form>
      )}
    </>
  )
}

/** Lists come back as { items } from most modules and as bare arrays from a few. */
function itemsOf<T>(value: { items: T[] } | T[]): T[] {
  return Array.isArray(value) ? value : value.items
}

function Agents() {
  const agents = useAsync(() => api.get<{ items: Agent[] } | Agent[]>(pathFor('listAgents')).then(itemsOf), [])
  return (
    <AsyncView state={agents} isEmpty={(items) => items.length === 0} empty="No agents configured: analysis uses the local rule-based analyser.">
      {(items) => (
        <div className="table-wrap">
          <table className="data" aria-label="Agents">
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th>Model</th>
                <th>Temperature</th>
                <th>Max tokens</th>
                <th>Active</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <td>
                    {a.name}
                    {a.description && <div className="meta">{a.description}</div>}
                  </td>
                  <td>{a.role}</td>
                  <td>{a.modelName}</td>
                  <td>{a.temperature}</td>
                  <td>{a.maxTokens ?? '—'}</td>
                  <td>{a.isActive ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </AsyncView>
  )
}

function Budgets() {
  const session = useSession()
  const budgets = useAsync(() => api.get<{ items: Budget[] } | Budget[]>(pathFor('listBudgets')).then(itemsOf), [])
  const [form, setForm] = useState({ name: '', amountUsd: '10', period: 'monthly', actionOnExceed: 'warn' })
  const [error, setError] = useState<unknown>(null)
  const add = async (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    try {
      await api.post(pathFor('createBudget'), { name: form.name, scopeType: 'workspace', amountUsd: Number(form.amountUsd), period: form.period, actionOnExceed: form.actionOnExceed })
      budgets.reload()
    } catch (e) {
      setError(e)
    }
  }
  return (
    <>
      <AsyncView state={budgets} isEmpty={(items) => items.length === 0} empty="No budgets: LLM spend is not limited.">
        {(items) => (
          <ul className="item-list" aria-label="Budgets">
            {items.map((b) => {
              const used = b.amountUsd > 0 ? b.spentUsd / b.amountUsd : 0
              return (
                <li key={b.id}>
                  <div className="row">
                    <div>
                      <strong>{b.name}</strong> <span className="badge muted">{b.period}</span> <span className="badge muted">{b.scopeType}</span>{' '}
                      <span className={b.actionOnExceed === 'block' ? 'badge bad' : 'badge warn'}>{b.actionOnExceed} when exceeded</span>
                    </div>
                    <div className="progress" role="progressbar" aria-label={`${b.name} used`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(Math.min(used, 1) * 100)}>
                      <span style={{ width: `${Math.min(used, 1) * 100}%`, background: used >= 1 ? 'var(--bad)' : used >= b.alertThreshold ? 'var(--warn)' : undefined }} />
                    </div>
                    <div className="counters">
                      <span>
                        spent <strong>{formatMoney(b.spentUsd)}</strong> of <strong>{formatMoney(b.amountUsd)}</strong> ({formatPercent(used)})
                      </span>
                      <span>alert at {formatPercent(b.alertThreshold)}</span>
                      <span>
                        period {formatDate(b.periodStart)} – {formatDate(b.periodEnd)}
                      </span>
                    </div>
                  </div>
                </li>
              )
            })}
          </ul>
        )}
      </AsyncView>
      {error != null && <ErrorMessage error={error} />}
      {session.can('createBudget') && (
        <form className="card filters" onSubmit={add} aria-label="Add a budget">
          <label>
            Name
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
          </label>
          <label>
            Amount (USD)
            <input type="number" min="0" step="0.01" value={form.amountUsd} onChange={(e) => setForm({ ...form, amountUsd: e.target.value })} required />
          </label>
          <label>
            Period
            <select value={form.period} onChange={(e) => setForm({ ...form, period: e.target.value })}>
              {['daily', 'weekly', 'monthly'].map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label>
            When exceeded
            <select value={form.actionOnExceed} onChange={(e) => setForm({ ...form, actionOnExceed: e.target.value })}>
              <option value="warn">warn</option>
              <option value="block">block</option>
            </select>
          </label>
          <button type="submit" className="primary">
            Add budget
          </button>
        </form>
      )}
    </>
  )
}
