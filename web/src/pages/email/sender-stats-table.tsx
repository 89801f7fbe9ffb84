// Who writes, how their mail was sorted, and what the server suggests doing with it ("usually promotional:
// archive?"). A sender's address filters the list above to their mail.
import { api } from '../../api/client'
import { formatDate } from '../../lib/format'
import { AsyncView } from '../../components/states'

export function SenderStatsTable({ onSender }: { onSender: (sender: string) => void }) {
  const senders = api.useQuery('get', '/api/v1/email/senders', { params: { query: { limit: 50 } } })
  return (
    <section aria-labelledby="senders-heading">
      <h2 id="senders-heading">Senders</h2>
      <AsyncView query={senders} isEmpty={(v) => v.items.length === 0} empty="No sender statistics yet.">
        {(value) => (
          <table aria-label="Senders">
            <thead>
              <tr>
                <th>Sender</th>
                <th>Emails</th>
                <th>Actionable</th>
                <th>Informational</th>
                <th>Promotional</th>
                <th>Junk</th>
                <th>Last</th>
                <th>Suggestion</th>
              </tr>
            </thead>
            <tbody>
              {value.items.map((s) => (
                <tr key={s.senderEmail} data-sender={s.senderEmail}>
                  <td>
                    <button type="button" className="link-button" onClick={() => onSender(s.senderEmail)}>
                      {s.senderName ? `${s.senderName} <${s.senderEmail}>` : s.senderEmail}
                    </button>
                  </td>
                  <td>{s.totalCount}</td>
                  <td>{s.actionableCount}</td>
                  <td>{s.informationalCount}</td>
                  <td>{s.promotionalCount}</td>
                  <td>{s.junkCount}</td>
                  <td>{s.lastEmailAt ? formatDate(s.lastEmailAt) : '—'}</td>
                  <td>{s.suggestedAction ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </AsyncView>
    </section>
  )
}
