// LLM → Usage: calls, errors, spend, tokens and latency over 7/30/90 days, per day and by model and agent.
import { useState } from 'react'
import { useQueries } from '@tanstack/react-query'
import { api } from '../../api/client'
import { formatMoney, formatNumber } from '../../lib/format'
import { BreakdownChart, DailyBarChart } from '../../components/charts'
import { AsyncView } from '../../components/states'

const isoDay = (date: Date) => date.toISOString().slice(0, 10)

/** Every day of the range, so days without calls show as empty bars rather than disappearing. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = []
  for (let d = new Date(`${from}T00:00:00Z`); isoDay(d) <= to; d = new Date(d.getTime() + 86400000)) days.push(isoDay(d))
  return days
}

export function Usage() {
  const [range, setRange] = useState(30)
  const to = isoDay(new Date())
  const from = isoDay(new Date(Date.now() - (range - 1) * 86400000))
  const usageBy = (groupBy: 'day' | 'model' | 'agent') =>
    api.queryOptions('get', '/api/v1/llm/usage', { params: { query: { from, to, groupBy } } })
  const usage = useQueries({
    queries: [usageBy('day'), usageBy('model'), usageBy('agent')],
    combine: ([byDay, byModel, byAgent]) => ({
      data: byDay.data && byModel.data && byAgent.data ? { byDay: byDay.data, byModel: byModel.data, byAgent: byAgent.data } : undefined,
      error: byDay.error ?? byModel.error ?? byAgent.error,
      refetch: () => Promise.all([byDay.refetch(), byModel.refetch(), byAgent.refetch()]),
    }),
  })
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
      <AsyncView query={usage}>
        {({ byDay, byModel, byAgent }) => {
          const dayRows = new Map(byDay.rows.map((r) => [r.key ?? '', r]))
          const days = daysBetween(from, to)
          const series = (pick: (r: (typeof byDay.rows)[number]) => number) =>
            days.map((day) => ({ day, value: dayRows.has(day) ? pick(dayRows.get(day)!) : 0 }))
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
                    <DailyBarChart
                      title="Spend per day"
                      days={series((r) => r.costUsd)}
                      value={formatMoney(t.costUsd)}
                      format={formatMoney}
                    />
                    <DailyBarChart
                      title="Tokens per day"
                      days={series((r) => r.tokensIn + r.tokensOut)}
                      value={formatNumber(t.tokensIn + t.tokensOut)}
                      format={(n) => formatNumber(Math.round(n))}
                    />
                    <DailyBarChart
                      title="Average latency per day"
                      days={series((r) => r.avgLatencyMs)}
                      format={(n) => `${Math.round(n)} ms`}
                    />
                    <DailyBarChart title="Calls per day" days={series((r) => r.calls)} format={(n) => formatNumber(Math.round(n))} />
                  </div>
                  <div className="grid-2">
                    <BreakdownChart
                      title="Spend by model"
                      rows={byModel.rows.map((r) => ({ label: r.label ?? 'unknown', value: r.costUsd }))}
                      format={formatMoney}
                    />
                    <BreakdownChart
                      title="Spend by agent"
                      rows={byAgent.rows.map((r) => ({ label: r.label ?? 'local', value: r.costUsd }))}
                      format={formatMoney}
                    />
                    <BreakdownChart
                      title="Tokens by model"
                      rows={byModel.rows.map((r) => ({ label: r.label ?? 'unknown', value: r.tokensIn + r.tokensOut }))}
                      format={(n) => formatNumber(Math.round(n))}
                    />
                    <BreakdownChart
                      title="Latency by model"
                      rows={byModel.rows.map((r) => ({ label: r.label ?? 'unknown', value: r.avgLatencyMs }))}
                      format={(n) => `${Math.round(n)} ms`}
                    />
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
