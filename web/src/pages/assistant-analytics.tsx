// Assistant analytics: answers, declines, failures, tokens, cost, latency and thumbs up/down by day and model,
// and the latest feedback comments with the answers they judge.
import { useState } from 'react'
import { api } from '../api/client'
import { Link } from '../lib/router'
import { formatDate, formatMoney, formatNumber, truncate } from '../lib/format'
import { AsyncView } from '../components/states'

const periods = [7, 30, 90]

export function AssistantAnalyticsPage() {
  const [days, setDays] = useState(30)
  const from = new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10)
  const state = api.useQuery('get', '/api/v1/assistant/analytics', { params: { query: { from } } })
  return (
    <section className="page">
      <div className="page-header">
        <h1>Assistant usage and feedback</h1>
        <div className="actions">
          <label>
            Period{' '}
            <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {periods.map((d) => (
                <option key={d} value={d}>
                  {d} days
                </option>
              ))}
            </select>
          </label>
          <Link to="/assistant">Back to chats</Link>
        </div>
      </div>
      <AsyncView query={state} isEmpty={(v) => v.rows.length === 0} empty={<p>No answers in this period.</p>}>
        {(value) => (
          <>
            <table className="data" aria-label="Answers by day and model">
              <thead>
                <tr>
                  <th>Day</th>
                  <th>Model</th>
                  <th>Answers</th>
                  <th>Declined</th>
                  <th>Failed</th>
                  <th>Tokens in / out</th>
                  <th>Cost</th>
                  <th>Latency</th>
                  <th>First token</th>
                  <th>Helpful</th>
                  <th>Not helpful</th>
                </tr>
              </thead>
              <tbody>
                {value.rows.map((r) => (
                  <tr key={`${r.day}-${r.model}`}>
                    <td>{r.day}</td>
                    <td>{r.model}</td>
                    <td>{formatNumber(r.answers)}</td>
                    <td>{formatNumber(r.declined)}</td>
                    <td>{formatNumber(r.failed)}</td>
                    <td>
                      {formatNumber(r.tokensIn)} / {formatNumber(r.tokensOut)}
                    </td>
                    <td>{formatMoney(r.costUsd)}</td>
                    <td>{formatNumber(r.avgLatencyMs)} ms</td>
                    <td>{r.avgFirstTokenMs === null ? '—' : `${formatNumber(r.avgFirstTokenMs)} ms`}</td>
                    <td>{r.thumbsUp}</td>
                    <td>{r.thumbsDown}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h2>Latest feedback</h2>
            {value.feedback.length === 0 ? (
              <p>No feedback yet.</p>
            ) : (
              <ul className="item-list" aria-label="Latest feedback">
                {value.feedback.map((f) => (
                  <li key={f.messageId}>
                    <Link to={`/assistant/${f.threadId}`}>
                      {f.rating === 'up' ? 'Helpful' : 'Not helpful'} · {f.threadTitle}
                      <span className="meta">
                        {formatDate(f.at)} · {f.model}
                        {f.comment ? ` · “${f.comment}”` : ''} · {truncate(f.answer, 120)}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </AsyncView>
    </section>
  )
}
