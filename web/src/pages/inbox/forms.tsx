// The inbox's review forms: edit-then-approve, reject with a reason (one proposal, similar ones or a whole group),
// merge into an existing task.
import { useState } from 'react'
import { api } from '../../api/client'
import { taskPriorities } from '../../lib/task-fields'
import { useSession } from '../../session'
import { ErrorMessage } from '../../components/states'
import type { Proposal, ProposalEdits } from './use-review'

export function EditForm({
  proposal,
  busy,
  onSave,
  onCancel,
}: {
  proposal: Proposal
  busy: boolean
  onSave: (edits: ProposalEdits) => void
  onCancel: () => void
}) {
  const [title, setTitle] = useState(proposal.title)
  const [description, setDescription] = useState(proposal.description)
  const [priority, setPriority] = useState(proposal.priority as NonNullable<ProposalEdits['priority']>)
  return (
    <form
      className="form card"
      aria-label="Edit proposal"
      onSubmit={(e) => {
        e.preventDefault()
        const edits: ProposalEdits = {}
        if (title !== proposal.title) edits.title = title
        if (description !== proposal.description) edits.description = description
        if (priority !== proposal.priority) edits.priority = priority
        onSave(edits)
      }}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <label>
        Title
        <input value={title} onChange={(e) => setTitle(e.target.value)} autoFocus required />
      </label>
      <label>
        Description
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <label>
        Priority
        <select value={priority} onChange={(e) => setPriority(e.target.value as NonNullable<ProposalEdits['priority']>)}>
          {taskPriorities.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </label>
      <div className="proposal-actions">
        <button type="submit" className="primary" disabled={busy}>
          Save and approve
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

export function RejectForm({
  busy,
  onReject,
  onCancel,
  label = 'Reject proposal',
  action = 'Reject',
}: {
  busy: boolean
  onReject: (reason: string) => void
  onCancel: () => void
  label?: string
  action?: string
}) {
  const [reason, setReason] = useState('')
  return (
    <form
      className="form card"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault()
        onReject(reason)
      }}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <label>
        Reason (optional)
        <input value={reason} onChange={(e) => setReason(e.target.value)} autoFocus placeholder="e.g. duplicate, not actionable" />
      </label>
      <div className="proposal-actions">
        <button type="submit" className="danger" disabled={busy}>
          {action}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

export function MergeForm({
  proposal,
  busy,
  onMerge,
  onCancel,
}: {
  proposal: Proposal
  busy: boolean
  onMerge: (taskId: string) => void
  onCancel: () => void
}) {
  const session = useSession()
  const [query, setQuery] = useState(proposal.title.split(/\s+/).slice(0, 3).join(' '))
  const [taskId, setTaskId] = useState(proposal.similarity?.taskId ?? '')
  const tasks = api.useQuery(
    'get',
    '/api/v1/tasks',
    { params: { query: { q: query || undefined, limit: 20 } } },
    { enabled: session.can('get', '/api/v1/tasks') },
  )
  return (
    <form
      className="form card"
      aria-label="Merge proposal into a task"
      onSubmit={(e) => {
        e.preventDefault()
        if (taskId) onMerge(taskId)
      }}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <label>
        Find the task to merge into
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
      </label>
      {tasks.isError && <ErrorMessage error={tasks.error} />}
      <label>
        Task
        <select value={taskId} onChange={(e) => setTaskId(e.target.value)} required>
          <option value="">Choose a task…</option>
          {(tasks.data?.items ?? []).map((t) => (
            <option key={t.id} value={t.id}>
              {t.title} ({t.status})
            </option>
          ))}
        </select>
      </label>
      <div className="proposal-actions">
        <button type="submit" className="primary" disabled={busy || !taskId}>
          Merge
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
