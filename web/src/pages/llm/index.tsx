// LLM: usage charts (spend per day, by model and agent, tokens, latency), providers (add, validate), agents, budgets.
import type { ReactNode } from 'react'
import type { ApiPath } from '../../api/client'
import { setSearchParams, useLocation } from '../../lib/router'
import { useSession } from '../../session'
import { NotAvailable } from '../../components/states'
import { Usage } from './usage'
import { Providers } from './providers'
import { Agents } from './agents'
import { Budgets } from './budgets'

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
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={tab === t}
              onClick={() => setSearchParams({ tab: t === 'usage' ? null : t })}
            >
              {t[0].toUpperCase() + t.slice(1)}
            </button>
          ))}
        </div>
      </div>
      {tab === 'usage' && <Gate path="/api/v1/llm/usage" feature="LLM usage" render={() => <Usage />} />}
      {tab === 'providers' && <Gate path="/api/v1/llm/providers" feature="LLM providers" render={() => <Providers />} />}
      {tab === 'agents' && <Gate path="/api/v1/llm/agents" feature="LLM agents" render={() => <Agents />} />}
      {tab === 'budgets' && <Gate path="/api/v1/llm/budgets" feature="LLM budgets" render={() => <Budgets />} />}
    </section>
  )
}

/** Renders a section only when the server offers its API, so no request goes to a missing route. */
function Gate({ path, feature, render }: { path: ApiPath; feature: string; render: () => ReactNode }) {
  const session = useSession()
  return session.can('get', path) ? <>{render()}</> : <NotAvailable feature={feature} path={`GET ${path}`} />
}
