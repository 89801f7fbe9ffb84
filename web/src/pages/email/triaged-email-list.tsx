// Triaged emails, newest first, filtered by category, needs-review or sender. Each row offers the other three
// categories as buttons: one click corrects the email and teaches the sender's rule.
import { api } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { formatDate } from '../../lib/format'
import { AsyncView, ErrorMessage } from '../../components/states'
import { categoryBadge, categoryLabels, emailCategories, type EmailCategory } from './email-categories'

export type EmailFilters = { category?: EmailCategory; needsReview?: boolean; sender?: string }

export function TriagedEmailList({ filters, onFilters }: { filters: EmailFilters; onFilters: (filters: EmailFilters) => void }) {
  const invalidate = useInvalidate()
  const list = api.useQuery('get', '/api/v1/email', {
    params: {
      query: {
        category: filters.category,
        status: filters.needsReview ? 'needs_review' : undefined,
        sender: filters.sender,
        limit: 100,
      },
    },
  })
  const correct = api.useMutation('patch', '/api/v1/email/{messageId}', {
    onSuccess: () => invalidate('/api/v1/email', '/api/v1/email/senders', '/api/v1/email/rules'),
  })

  return (
    <section aria-labelledby="emails-heading">
      <div className="page-header">
        <h2 id="emails-heading">Triaged mail</h2>
        <div className="actions">
          <label htmlFor="email-category-filter">Category</label>
          <select
            id="email-category-filter"
            value={filters.category ?? ''}
            onChange={(e) => onFilters({ ...filters, category: (e.target.value || undefined) as EmailCategory | undefined })}
          >
            <option value="">All</option>
            {emailCategories.map((c) => (
              <option key={c} value={c}>
                {categoryLabels[c]}
              </option>
            ))}
          </select>
          <label>
            <input
              type="checkbox"
              checked={Boolean(filters.needsReview)}
              onChange={(e) => onFilters({ ...filters, needsReview: e.target.checked })}
            />{' '}
            Needs review
          </label>
          {filters.sender && (
            <button type="button" className="link-button" onClick={() => onFilters({ ...filters, sender: undefined })}>
              From {filters.sender} ×
            </button>
          )}
        </div>
      </div>
      {correct.isError && <ErrorMessage error={correct.error} />}
      <AsyncView query={list} isEmpty={(v) => v.items.length === 0} empty="No triaged mail here yet.">
        {(value) => (
          <ul className="item-list" aria-label="Triaged mail">
            {value.items.map((email) => (
              <li key={email.messageId} data-category={email.category} data-status={email.status}>
                <div className="row">
                  <strong>{email.subject || '(no subject)'}</strong>{' '}
                  <span className={categoryBadge[email.category]}>{categoryLabels[email.category]}</span>
                  {email.status === 'needs_review' && <span className="badge warn">needs review</span>}
                  <span className="meta">
                    {email.senderEmail ?? 'unknown sender'} · {formatDate(email.sentAt)} · {Math.round(email.confidence * 100)}% ·{' '}
                    {email.model === 'rule' ? 'by your rule' : email.model}
                  </span>
                  {email.summary && <p>{email.summary}</p>}
                  {email.actionItems.length > 0 && (
                    <ul aria-label="Action items">
                      {email.actionItems.map((item) => (
                        <li key={item}>{item}</li>
                      ))}
                    </ul>
                  )}
                  {email.deadlines.length > 0 && (
                    <p className="meta">
                      Deadlines: {email.deadlines.map((d) => (d.date ? `${d.text} (${formatDate(d.date)})` : d.text)).join('; ')}
                    </p>
                  )}
                  <div className="actions" role="group" aria-label={`Correct the category of ${email.subject || 'this email'}`}>
                    {emailCategories
                      .filter((c) => c !== email.category)
                      .map((c) => (
                        <button
                          key={c}
                          type="button"
                          className="link-button"
                          disabled={correct.isPending}
                          onClick={() => correct.mutate({ params: { path: { messageId: email.messageId } }, body: { category: c } })}
                        >
                          {categoryLabels[c]}
                        </button>
                      ))}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </AsyncView>
    </section>
  )
}
