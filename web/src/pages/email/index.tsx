// The email view (issue 25): triaged mail by category, sender or needs-review, corrected in one click; the
// senders' statistics and the rules the corrections taught. Each part talks to its own API and shows its errors.
import { useState } from 'react'
import { useSession } from '../../session'
import { NotAvailable } from '../../components/states'
import { TriagedEmailList, type EmailFilters } from './triaged-email-list'
import { TriageWindowForm } from './triage-window-form'
import { SenderStatsTable } from './sender-stats-table'
import { LabelRulesList } from './label-rules-list'

export function EmailPage() {
  const session = useSession()
  const [filters, setFilters] = useState<EmailFilters>({})
  if (!session.can('get', '/api/v1/email')) return <NotAvailable feature="Email triage" path="GET /api/v1/email" />
  return (
    <section className="page email-page">
      <div className="page-header">
        <h1>Email</h1>
        <TriageWindowForm />
      </div>
      <TriagedEmailList filters={filters} onFilters={setFilters} />
      <SenderStatsTable onSender={(sender) => setFilters({ ...filters, sender })} />
      <LabelRulesList />
    </section>
  )
}
