// Tasks → Board: one column per status, each paged by the API; a card moves by drag and drop or its "Move to"
// menu, at once on screen (optimistic) and back again if the server refuses.
import { useState, type DragEvent } from 'react'
import { useQueryClient, type InfiniteData } from '@tanstack/react-query'
import { api, apiClient, type ApiData } from '../../api/client'
import { setSearchParams, useLocation } from '../../lib/router'
import { formatDate } from '../../lib/format'
import { taskStatuses } from '../../lib/task-fields'
import { ErrorMessage } from '../../components/states'
import { ProjectSelect } from '../../components/project-select'
import { PagedView, nextCursorOf, pagedItems } from '../../components/paged'
import { label, useProjects, type Task } from './shared'

type Status = (typeof taskStatuses)[number]
type TaskPages = InfiniteData<ApiData<'get', '/api/v1/tasks'>>

const columnInit = (status: Status, projectId: string) => ({ params: { query: { status, projectId: projectId || undefined, limit: 50 } } })
const columnKey = (status: Status, projectId: string) => api.queryOptions('get', '/api/v1/tasks', columnInit(status, projectId)).queryKey

export function TaskBoard() {
  const queryClient = useQueryClient()
  const { search } = useLocation()
  const projectId = search.get('project') ?? ''
  const projects = useProjects()
  const [dragOver, setDragOver] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)

  /** Changes the cached cards of one column (every page of it). */
  const updateColumn = (status: Status, change: (tasks: Task[], pageIndex: number) => Task[]) =>
    queryClient.setQueryData<TaskPages>(columnKey(status, projectId), (data) =>
      data ? { ...data, pages: data.pages.map((page, index) => ({ ...page, items: change(page.items, index) })) } : data,
    )
  const findTask = (id: string) =>
    taskStatuses
      .flatMap((status) => queryClient.getQueryData<TaskPages>(columnKey(status, projectId))?.pages.flatMap((p) => p.items) ?? [])
      .find((t) => t.id === id)

  async function move(task: Task, to: Status) {
    const from = task.status as Status
    if (from === to) return
    setError(null)
    // Optimistic: move the card now, put it back if the server refuses.
    updateColumn(from, (tasks) => tasks.filter((t) => t.id !== task.id))
    updateColumn(to, (tasks, index) => (index === 0 ? [{ ...task, status: to }, ...tasks] : tasks))
    try {
      const { data: saved } = await apiClient.PATCH('/api/v1/tasks/{id}', { params: { path: { id: task.id } }, body: { status: to } })
      updateColumn(to, (tasks) => tasks.map((t) => (t.id === task.id ? saved! : t)))
    } catch (e) {
      setError(e)
      updateColumn(to, (tasks) => tasks.filter((t) => t.id !== task.id))
      updateColumn(from, (tasks, index) => (index === 0 ? [task, ...tasks] : tasks))
    }
  }

  const onDrop = (status: Status) => (event: DragEvent) => {
    event.preventDefault()
    setDragOver(null)
    const task = findTask(event.dataTransfer.getData('text/plain'))
    if (task) void move(task, status)
  }

  return (
    <>
      <div className="filters">
        <ProjectSelect projects={projects.data ?? []} value={projectId} onChange={(project) => setSearchParams({ project })} />
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
            <TaskColumn status={status} projectId={projectId} onMove={(task, to) => void move(task, to)} />
          </section>
        ))}
      </div>
    </>
  )
}

function TaskColumn({ status, projectId, onMove }: { status: Status; projectId: string; onMove: (task: Task, to: Status) => void }) {
  const column = api.useInfiniteQuery('get', '/api/v1/tasks', columnInit(status, projectId), {
    initialPageParam: '',
    getNextPageParam: nextCursorOf,
  })
  return (
    <>
      <h2>
        {label(status)}{' '}
        <span>
          {pagedItems<Task>(column).length}
          {column.hasNextPage ? '+' : ''}
        </span>
      </h2>
      <PagedView<Task> query={column} empty="No tasks">
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
              <select id={`move-${task.id}`} value={task.status} onChange={(e) => onMove(task, e.target.value as Status)}>
                {taskStatuses.map((s) => (
                  <option key={s} value={s}>
                    {label(s)}
                  </option>
                ))}
              </select>
            </article>
          ))
        }
      </PagedView>
    </>
  )
}
