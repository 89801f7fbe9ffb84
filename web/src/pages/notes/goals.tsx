// Goals: each with its progress bar, status, target date and linked projects; progress and status change in place,
// and the form below adds a goal. The server refuses progress outside 0-100, and the inputs say so first.
import { useState, type FormEvent } from 'react'
import { api, type ApiItem } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { setSearchParams, useLocation } from '../../lib/router'
import { useSession } from '../../session'
import { AsyncView, ErrorMessage, NotAvailable } from '../../components/states'
import { useProjects } from '../tasks/shared'
import '../../components/markdown.css'

type Goal = ApiItem<'get', '/api/v1/goals'>
const goalStatuses = ['active', 'achieved', 'abandoned'] as const satisfies ReadonlyArray<Goal['status']>

export function GoalsPage() {
  const session = useSession()
  const { search } = useLocation()
  const status = (search.get('status') ?? '') as Goal['status'] | ''
  const goals = api.useQuery('get', '/api/v1/goals', { params: { query: { status: status || undefined } } }, { select: (r) => r.items })
  if (!session.can('get', '/api/v1/goals')) {
    return (
      <section className="page">
        <h1>Goals</h1>
        <NotAvailable feature="Goals" path="GET /api/v1/goals" />
      </section>
    )
  }
  return (
    <section className="page">
      <div className="page-header">
        <h1>Goals</h1>
        <label className="inline-field">
          Status
          <select value={status} onChange={(e) => setSearchParams({ status: e.target.value })}>
            <option value="">Any</option>
            {goalStatuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </div>
      <AsyncView query={goals} isEmpty={(items) => items.length === 0} empty="No goals yet. Add one below.">
        {(items) => (
          <ul className="item-list" aria-label="Goals">
            {items.map((goal) => (
              <GoalRow key={goal.id} goal={goal} />
            ))}
          </ul>
        )}
      </AsyncView>
      <NewGoalForm />
    </section>
  )
}

function GoalRow({ goal }: { goal: Goal }) {
  const invalidate = useInvalidate()
  const projects = useProjects()
  const update = api.useMutation('patch', '/api/v1/goals/{id}', { onSuccess: () => invalidate('/api/v1/goals') })
  const removal = api.useMutation('delete', '/api/v1/goals/{id}', { onSuccess: () => invalidate('/api/v1/goals') })
  const change = (body: { progress?: number; status?: Goal['status']; projectIds?: string[] }) =>
    update.mutate({ params: { path: { id: goal.id } }, body })
  const toggleProject = (projectId: string, linked: boolean) =>
    change({ projectIds: linked ? [...goal.projectIds, projectId] : goal.projectIds.filter((id) => id !== projectId) })
  return (
    <li className="row goal" aria-label={goal.name}>
      <div className="goal-head">
        <strong>{goal.name}</strong>
        {goal.category && <span className="badge muted">{goal.category}</span>}
        <span className={goal.status === 'achieved' ? 'badge good' : goal.status === 'abandoned' ? 'badge bad' : 'badge'}>
          {goal.status}
        </span>
        {goal.targetDate && <span className="meta">by {goal.targetDate}</span>}
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={goal.progress}
        aria-label="Progress"
      >
        <span style={{ width: `${goal.progress}%` }} />
      </div>
      <div className="filters">
        <label>
          Progress %
          <input
            type="number"
            min={0}
            max={100}
            defaultValue={goal.progress}
            onBlur={(e) => {
              const value = Number(e.target.value)
              if (value !== goal.progress) change({ progress: value })
            }}
          />
        </label>
        <label>
          Status
          <select value={goal.status} onChange={(e) => change({ status: e.target.value as Goal['status'] })}>
            {goalStatuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        {(projects.data ?? []).length > 0 && (
          <fieldset className="chips" aria-label="Linked projects">
            {(projects.data ?? []).map((p) => (
              <label key={p.id} className="chip">
                <input type="checkbox" checked={goal.projectIds.includes(p.id)} onChange={(e) => toggleProject(p.id, e.target.checked)} />
                {p.name}
              </label>
            ))}
          </fieldset>
        )}
        <button
          type="button"
          className="danger"
          onClick={() => window.confirm(`Delete “${goal.name}”?`) && removal.mutate({ params: { path: { id: goal.id } } })}
        >
          Delete
        </button>
      </div>
      {goal.notes && <p className="meta">{goal.notes}</p>}
      {(update.error || removal.error) && <ErrorMessage error={update.error ?? removal.error} />}
    </li>
  )
}

function NewGoalForm() {
  const invalidate = useInvalidate()
  const empty = { name: '', category: '', progress: '0', targetDate: '', notes: '' }
  const [form, setForm] = useState(empty)
  const creation = api.useMutation('post', '/api/v1/goals', {
    onSuccess: () => {
      setForm(empty)
      return invalidate('/api/v1/goals')
    },
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    creation.mutate({
      body: {
        name: form.name,
        category: form.category || null,
        progress: Number(form.progress),
        targetDate: form.targetDate || null,
        notes: form.notes,
      },
    })
  }
  const field = (key: keyof typeof empty) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  })
  return (
    <form className="card filters" onSubmit={submit} aria-label="New goal">
      {creation.error && <ErrorMessage error={creation.error} />}
      <label>
        Goal
        <input required {...field('name')} />
      </label>
      <label>
        Category
        <input {...field('category')} placeholder="health, career…" />
      </label>
      <label>
        Progress %
        <input type="number" min={0} max={100} {...field('progress')} />
      </label>
      <label>
        Target date
        <input type="date" {...field('targetDate')} />
      </label>
      <label>
        Notes
        <input {...field('notes')} />
      </label>
      <button type="submit" disabled={creation.isPending}>
        Add goal
      </button>
    </form>
  )
}
