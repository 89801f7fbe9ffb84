// Tasks: a board by status (drag a card, or use its "Move to" menu from the keyboard) and a filtered list view.
import { useState, type DragEvent } from 'react'
import { api } from '../api/legacy'
import { pathFor, paths } from '../api/paths'
import { taskCategories, taskPriorities, taskStatuses, type Page, type Project, type Task } from '../api/types'
import { setSearchParams, useLocation } from '../lib/router'
import { usePagedList, type PagedList } from '../lib/use-paged-list'
import { useAsync } from '../lib/use-async'
import { formatDate } from '../lib/format'
import { useSession } from '../session'
import { ErrorMessage, NotAvailable } from '../components/states'
import { ProjectSelect } from '../components/project-select'
import { LegacyPagedView } from '../components/legacy-views'

const label = (status: string) => status.replace('_', ' ')

export function TasksPage() {
  const session = useSession()
  const { search } = useLocation()
  const view = search.get('view') === 'list' ? 'list' : 'board'
  if (!session.can('listTasks')) {
    return (
      <section className="page">
        <h1>Tasks</h1>
        <NotAvailable feature="Tasks" path={paths.listTasks.join(' ')} />
      </section>
    )
  }
  return (
    <section className="page">
      <div className="page-header">
        <h1>Tasks</h1>
        <div className="tabs" role="tablist" aria-label="Task views">
          <button type="button" role="tab" aria-selected={view === 'board'} onClick={() => setSearchParams({ view: null })}>
            Board
          </button>
          <button type="button" role="tab" aria-selected={view === 'list'} onClick={() => setSearchParams({ view: 'list' })}>
            List
          </button>
        </div>
      </div>
      {view === 'board' ? <TaskBoard /> : <TaskList />}
    </section>
  )
}

function useProjects() {
  const session = useSession()
  return useAsync(
    async () => (session.can('listProjects') ? (await api.get<{ items: Project[] }>(pathFor('listProjects'))).items : []),
    [],
  )
}

async function moveTask(task: Task, status: string): Promise<Task> {
  return api.patch<Task>(pathFor('updateTask', { id: task.id }), { status })
}

function TaskBoard() {
  const { search } = useLocation()
  const projectId = search.get('project') ?? ''
  const projects = useProjects()
  const columns = Object.fromEntries(
    taskStatuses.map((status) => [
      status,
      // one hook per status: the status list is constant, so the hook order never changes
      usePagedList((cursor) => api.get<Page<Task>>(pathFor('listTasks'), { status, projectId: projectId || undefined, limit: 50, cursor }), [projectId]),
    ]),
  ) as Record<string, PagedList<Task>>
  const [dragOver, setDragOver] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)

  async function move(task: Task, to: string) {
    if (task.status === to) return
    setError(null)
    const from = columns[task.status]
    // Optimistic: move the card now, put it back if the server refuses.
    from?.update((items) => items.filter((t) => t.id !== task.id))
    columns[to].update((items) => [{ ...task, status: to }, ...items])
    try {
      const saved = await moveTask(task, to)
      columns[to].update((items) => items.map((t) => (t.id === task.id ? saved : t)))
    } catch (e) {
      setError(e)
      columns[to].update((items) => items.filter((t) => t.id !== task.id))
      from?.update((items) => [task, ...items])
    }
  }

  const onDrop = (status: string) => (event: DragEvent) => {
    event.preventDefault()
    setDragOver(null)
    const id = event.dataTransfer.getData('text/plain')
    const task = Object.values(columns).flatMap((c) => c.items).find((t) => t.id === id)
    if (task) void move(task, status)
  }

  return (
    <>
      <div className="filters">
        <ProjectSelect projects={projects.value ?? []} value={projectId} onChange={(project) => setSearchParams({ project })} />
      </div>
      {error != null && <ErrorMessage error={error} />}
      <div className="board" aria-label="Task board">
        {taskStatuses.map((status) => (
          <section
            key={status}
            className={dragOver === status ? 'column drop-target' : 'column'}
            aria-label={label(status)}
            data-status={status}
            onDragOver={(event) => {
              event.preventDefault()
              setDragOver(status)
            }}
            onDragLeave={() => setDragOver((s) => (s === status ? null : s))}
            onDrop={onDrop(status)}
          >
            <h2>
              {label(status)} <span>{columns[status].items.length}{columns[status].hasMore ? '+' : ''}</span>
            </h2>
            <LegacyPagedView list={columns[status]} empty="No tasks">
              {(items) =>
                items.map((task) => (
                  <article
                    key={task.id}
                    className="task-card"
                    draggable
                    tabIndex={0}
                    aria-label={task.title}
                    data-task-id={task.id}
                    onDragStart={(event) => event.dataTransfer.setData('text/plain', task.id)}
                  >
                    <strong>{task.title}</strong>
                    <div className="meta">
                      {task.priority} · {task.category}
                      {task.assignee?.name ? ` · ${task.assignee.name}` : ''}
                      {task.dueDate ? ` · due ${formatDate(task.dueDate)}` : ''}
                      {task.aiGenerated && <span className="badge">AI</span>}
                    </div>
                    <label className="visually-hidden" htmlFor={`move-${task.id}`}>
                      Move {task.title} to
                    </label>
                    <select id={`move-${task.id}`} value={task.status} onChange={(e) => void move(task, e.target.value)}>
                      {taskStatuses.map((s) => (
                        <option key={s} value={s}>
                          {label(s)}
                        </option>
                      ))}
                    </select>
                  </article>
                ))
              }
            </LegacyPagedView>
          </section>
        ))}
      </div>
    </>
  )
}

function TaskList() {
  const { search } = useLocation()
  const filters = {
    status: search.get('status') ?? '',
    priority: search.get('priority') ?? '',
    category: search.get('category') ?? '',
    projectId: search.get('project') ?? '',
    assignee: search.get('assignee') ?? '',
    q: search.get('q') ?? '',
  }
  const projects = useProjects()
  const list = usePagedList((cursor) => api.get<Page<Task>>(pathFor('listTasks'), { ...filters, limit: 50, cursor }), [JSON.stringify(filters)])
  const projectName = new Map((projects.value ?? []).map((p) => [p.id, p.name]))
  const select = (name: string, key: string, options: readonly string[]) => (
    <label>
      {name}
      <select value={(filters as Record<string, string>)[key]} onChange={(e) => setSearchParams({ [key]: e.target.value })}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {label(o)}
          </option>
        ))}
      </select>
    </label>
  )
  return (
    <>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Text
          <input type="search" defaultValue={filters.q} onChange={(e) => setSearchParams({ q: e.target.value })} placeholder="title or description" />
        </label>
        {select('Status', 'status', taskStatuses)}
        {select('Priority', 'priority', taskPriorities)}
        {select('Category', 'category', taskCategories)}
        <label>
          Assignee
          <input defaultValue={filters.assignee} onChange={(e) => setSearchParams({ assignee: e.target.value })} />
        </label>
        <ProjectSelect projects={projects.value ?? []} value={filters.projectId} onChange={(project) => setSearchParams({ project })} />
      </form>
      <LegacyPagedView list={list} empty="No tasks match these filters.">
        {(items) => (
          <div className="table-wrap">
            <table className="data" aria-label="Tasks">
              <thead>
                <tr>
                  <th>Title</th>
                  <th>Status</th>
                  <th>Priority</th>
                  <th>Category</th>
                  <th>Assignee</th>
                  <th>Project</th>
                  <th>Due</th>
                  <th>Updated</th>
                </tr>
              </thead>
              <tbody>
                {items.map((t) => (
                  <tr key={t.id}>
                    <td>
                      {t.title}
                      {t.aiGenerated && <span className="badge">AI</span>}
                    </td>
                    <td>{label(t.status)}</td>
                    <td>{t.priority}</td>
                    <td>{t.category}</td>
                    <td>{t.assignee?.name ?? '—'}</td>
                    <td>{t.projectId ? projectName.get(t.projectId) ?? '—' : '—'}</td>
                    <td>{formatDate(t.dueDate)}</td>
                    <td>{formatDate(t.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </LegacyPagedView>
    </>
  )
}
