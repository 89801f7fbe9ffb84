// LLM → Budgets: spend against each budget's limit for its current period; add a workspace budget.
import { useState, type FormEvent } from 'react'
import { api, type paths } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { formatDate, formatMoney, formatPercent } from '../../lib/format'
import { useSession } from '../../session'
import { AsyncView, ErrorMessage } from '../../components/states'

type BudgetBody = NonNullable<paths['/api/v1/llm/budgets']['post']['requestBody']>['content']['application/json']

export function Budgets() {
  const session = useSession()
  const invalidate = useInvalidate()
  const budgets = api.useQuery('get', '/api/v1/llm/budgets', {}, { select: (r) => r.items })
  const [form, setForm] = useState<{
    name: string
    amountUsd: string
    period: BudgetBody['period']
    actionOnExceed: NonNullable<BudgetBody['actionOnExceed']>
  }>({
    name: '',
    amountUsd: '10',
    period: 'monthly',
    actionOnExceed: 'warn',
  })
  const creation = api.useMutation('post', '/api/v1/llm/budgets', { onSuccess: () => invalidate('/api/v1/llm/budgets') })
  const add = (event: FormEvent) => {
    event.preventDefault()
    creation.mutate({
      body: {
        name: form.name,
        scopeType: 'workspace',
        amountUsd: Number(form.amountUsd),
        period: form.period,
        actionOnExceed: form.actionOnExceed,
      },
    })
  }
  return (
    <>
      <AsyncView query={budgets} isEmpty={(items) => items.length === 0} empty="No budgets: LLM spend is not limited.">
        {(items) => (
          <ul className="item-list" aria-label="Budgets">
            {items.map((b) => {
              const used = b.amountUsd > 0 ? b.spentUsd / b.amountUsd : 0
              return (
                <li key={b.id}>
                  <div className="row">
                    <div>
                      <strong>{b.name}</strong> <span className="badge muted">{b.period}</span>{' '}
                      <span className="badge muted">{b.scopeType}</span>{' '}
                      <span className={b.actionOnExceed === 'block' ? 'badge bad' : 'badge warn'}>{b.actionOnExceed} when exceeded</span>
                    </div>
                    <div
                      className="progress"
                      role="progressbar"
                      aria-label={`${b.name} used`}
                      aria-valuemin={0}
                      aria-valuemax={100}
                      aria-valuenow={Math.round(Math.min(used, 1) * 100)}
                    >
                      <span
                        style={{
                          width: `${Math.min(used, 1) * 100}%`,
                          background: used >= 1 ? 'var(--bad)' : used >= b.alertThreshold ? 'var(--warn)' : undefined,
                        }}
                      />
                    </div>
                    <div className="counters">
                      <span>
                        spent <strong>{formatMoney(b.spentUsd)}</strong> of <strong>{formatMoney(b.amountUsd)}</strong> (
                        {formatPercent(used)})
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
      {creation.isError && <ErrorMessage error={creation.error} />}
      {session.can('post', '/api/v1/llm/budgets') && (
        <form className="card filters" onSubmit={add} aria-label="Add a budget">
          <label>
            Name
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
          </label>
          <label>
            Amount (USD)
            <input
              type="number"
              min="0"
              step="0.01"
              value={form.amountUsd}
              onChange={(e) => setForm({ ...form, amountUsd: e.target.value })}
              required
            />
          </label>
          <label>
            Period
            <select value={form.period} onChange={(e) => setForm({ ...form, period: e.target.value as BudgetBody['period'] })}>
              {['daily', 'weekly', 'monthly'].map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label>
            When exceeded
            <select value={form.actionOnExceed} onChange={(e) => setForm({ ...form, actionOnExceed: e.target.value as 'warn' | 'block' })}>
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
