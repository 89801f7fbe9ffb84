// One proposal in the inbox: compact (title, kind, confidence, why) with its context on demand, and the form of
// the review action open on it (edit, reject, reject similar, merge) or its action buttons.
import { Link } from '../../lib/router'
import { formatDate, formatPercent } from '../../lib/format'
import { useSession } from '../../session'
import { SourceMessages } from '../../components/source-messages'
import { EditForm, MergeForm, RejectForm } from './forms'
import type { Proposal, ProposalEdits } from './use-review'

export type ReviewMode = { kind: 'edit' | 'reject' | 'reject-similar' | 'merge'; proposalId: string } | null

export type CardActions = {
  busy: boolean
  setMode: (mode: ReviewMode) => void
  toggleSelected: (id: string) => void
  toggleContext: (id: string) => void
  approve: (ids: string[], edits?: ProposalEdits) => void
  reject: (ids: string[], reason: string) => void
  rejectSimilar: (id: string, reason: string) => void
  merge: (id: string, taskId: string) => void
}

type Props = {
  proposal: Proposal
  current: boolean
  selected: boolean
  showContext: boolean
  mode: ReviewMode
  actions: CardActions
  cardRef: (element: HTMLElement | null) => void
  onFocus: () => void
}

export function ProposalCard({ proposal: p, current, selected, showContext, mode, actions, cardRef, onFocus }: Props) {
  const session = useSession()
  const { busy } = actions
  const open = mode && mode.proposalId === p.id ? mode.kind : null
  return (
    <article
      ref={cardRef}
      className={current ? 'proposal current' : 'proposal'}
      aria-current={current ? 'true' : undefined}
      aria-label={`Proposal: ${p.title}`}
      onClick={onFocus}
    >
      <div className="proposal-head">
        <input type="checkbox" aria-label={`Select ${p.title}`} checked={selected} onChange={() => actions.toggleSelected(p.id)} />
        <h2>{p.title}</h2>
        <span className="badge">
          {p.kind === 'atom' ? (p.atomType ?? 'knowledge') : p.kind === 'file_classification' ? 'file → project' : 'task'}
        </span>
        <span className={p.confidence >= 0.8 ? 'badge good' : p.confidence >= 0.5 ? 'badge warn' : 'badge bad'}>
          {formatPercent(p.confidence)} confidence
        </span>
        {p.status !== 'pending' && <span className="badge muted">{p.status}</span>}
      </div>
      {p.kind === 'task' && (
        <p className="meta">
          {p.priority} · {p.category}
          {p.assigneeName ? ` · ${p.assigneeName}` : ''}
          {p.dueDate ? ` · due ${formatDate(p.dueDate)}` : ''}
          {p.llmRecommendation && p.llmRecommendation !== 'new_task' ? ` · suggests ${p.llmRecommendation.replace('_', ' ')}` : ''}
          {p.similarity?.taskId ? ` · similar task exists (${formatPercent(p.similarity.score)})` : ''}
        </p>
      )}
      {p.reasoning && <p className="meta why">Why: {p.reasoning}</p>}
      <button type="button" className="link-button" aria-expanded={showContext} onClick={() => actions.toggleContext(p.id)}>
        {showContext ? 'Hide context' : `Show context (${p.messageCount} message${p.messageCount === 1 ? '' : 's'})`}
      </button>
      {showContext && p.description && <p className="message-body">{p.description}</p>}
      {p.status !== 'pending' && p.review?.reason && <p className="meta">Review: {p.review.reason}</p>}
      {p.createdTaskId && (
        <p className="meta">
          Became a task: <Link to={`/tasks?view=list&q=${encodeURIComponent(p.title)}`}>{p.title}</Link>
        </p>
      )}
      {showContext && <SourceMessages ids={p.sourceMessageIds ?? []} />}
      {open === 'edit' && (
        <EditForm proposal={p} busy={busy} onCancel={() => actions.setMode(null)} onSave={(edits) => actions.approve([p.id], edits)} />
      )}
      {open === 'reject' && (
        <RejectForm busy={busy} onCancel={() => actions.setMode(null)} onReject={(reason) => actions.reject([p.id], reason)} />
      )}
      {open === 'reject-similar' && (
        <RejectForm
          busy={busy}
          label="Reject similar proposals"
          action="Reject this and similar"
          onCancel={() => actions.setMode(null)}
          onReject={(reason) => actions.rejectSimilar(p.id, reason)}
        />
      )}
      {open === 'merge' && (
        <MergeForm proposal={p} busy={busy} onCancel={() => actions.setMode(null)} onMerge={(taskId) => actions.merge(p.id, taskId)} />
      )}
      {(p.status === 'pending' || p.status === 'held') && !mode && (
        <div className="proposal-actions">
          <button type="button" className="good" disabled={busy} onClick={() => actions.approve([p.id])}>
            Approve
          </button>
          <button type="button" disabled={busy} onClick={() => actions.setMode({ kind: 'edit', proposalId: p.id })}>
            Edit
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => actions.setMode({ kind: 'reject', proposalId: p.id })}>
            Reject
          </button>
          {session.can('post', '/api/v1/proposals/{id}/reject-similar') && (
            <button type="button" disabled={busy} onClick={() => actions.setMode({ kind: 'reject-similar', proposalId: p.id })}>
              Reject similar
            </button>
          )}
          {p.kind === 'task' && (
            <button type="button" disabled={busy} onClick={() => actions.setMode({ kind: 'merge', proposalId: p.id })}>
              Merge
            </button>
          )}
        </div>
      )}
    </article>
  )
}
