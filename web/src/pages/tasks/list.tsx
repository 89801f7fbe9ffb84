// Tasks → List: every task matching the filters in the URL (text, status, priority, category, kind, source, tag,
// assignee, project).
import { api, type paths } from '../../api/client'
import { setSearchParams, useLocation } from '../../lib/router'
import { formatDate } from '../../lib/format'
import { taskCategories, taskKinds, taskPriorities, taskSources, taskStatuses } from '../../lib/task-fields'
import { TagFilter } from '../people/tag-filter'
import { TagEditor } from '../tags/tag-editor'
import { useState } from 'react'
import { ProjectSelect } from '../../components/project-select'
import { PagedView, nextCursorOf } from '../../components/paged'
import { label, useProjects, type Task } from './shared'

type TaskQuery = NonNullable<paths['/api/v1/tasks']['get']['parameters']['query']>

export function TaskList() {
  const { search } = useLocation()
  const filters = {
    status: search.get('status') ?? '',
    priority: search.get('priority') ?? '',
    category: search.get('category') ?? '',
    projectId: search.get('project') ?? '',
    assignee: search.get('assignee') ?? '',
    q: search.get('q') ?? '',
    kind: search.get('kind') ?? '',
    source: search.get('source') ?? '',
    tag: search.get('tag') ?? '',
  }
  const projects = useProjects()
  const [tagging, setTagging] = useState<string | null>(null)
  const query = {
    ...filters,
    status: filters.status as TaskQuery['status'],
    priority: filters.priority as TaskQuery['priority'],
    category: filters.category as TaskQuery['category'],
    kind: filters.kind as TaskQuery['kind'],
    source: filters.source as TaskQuery['source'],
  }
  const list = api.useInfiniteQuery(
    'get',
    '/api/v1/tasks',
    { params: { query: { ...query, limit: 50 } } },
    { initialPageParam: '', getNextPageParam: nextCursorOf },
  )
  const projectName = new Map<string, string>((projects.data ?? []).map((p) => [p.id, p.name]))
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
          <input
            type="search"
            defaultValue={filters.q}
            onChange={(e) => setSearchParams({ q: e.target.value })}
            placeholder="title or description"
          />
        </label>
        {select('Status', 'status', taskStatuses)}
        {select('Priority', 'priority', taskPriorities)}
        {select('Category', 'category', taskCategories)}
        {select('Kind', 'kind', taskKinds)}
        {select('Source', 'source', taskSources)}
        <TagFilter value={filters.tag} onChange={(tag) => setSearchParams({ tag })} />
        <label>
          Assignee
          <input defaultValue={filters.assignee} onChange={(e) => setSearchParams({ assignee: e.target.value })} />
        </label>
        <ProjectSelect projects={projects.data ?? []} value={filters.projectId} onChange={(project) => setSearchParams({ project })} />
      </form>
      <PagedView<Task> query={list} empty="No tasks match these filters.">
        {(items) => (
          <div className="table-wrap">
            <table className="data" aria-label="Tasks">
              <thead>
                <tr>
                  <th>Title</th>
                  <th>Status</th>
                  <th>Priority</th>
                  <th>Category</th>
                  <th>Source</th>
                  <th>Assignee</th>
                  <th>Project</th>
                  <th>Due</th>
                  <th>Updated</th>
                  <th>Tags</th>
                </tr>
              </thead>
              <tbody>
                {items.map((t) => (
                  <tr key={t.id}>
                    <td>
                      {t.title}
                      {t.aiGenerated && <span className="badge">AI</span>}
                      {t.githubIssue && (
                        <a className="badge" href={t.githubIssue.url} target="_blank" rel="noreferrer" title="Opened on GitHub">
                          {t.githubIssue.repository}#{t.githubIssue.number}
                        </a>
                      )}
                    </td>
                    <td>{label(t.status)}</td>
                    <td>{t.priority}</td>
                    <td>{t.kind === 'task' ? t.category : label(t.kind)}</td>
                    <td>{t.source}</td>
                    <td>{t.assignee?.name ?? '—'}</td>
                    <td>{t.projectId ? (projectName.get(t.projectId) ?? '—') : '—'}</td>
                    <td>{formatDate(t.dueDate)}</td>
                    <td>{formatDate(t.updatedAt)}</td>
                    <td>
                      {tagging === t.id ? (
                        <TagEditor kind="task" id={t.id} />
                      ) : (
                        <button type="button" className="link-button" onClick={() => setTagging(t.id)} aria-label={`Tags of ${t.title}`}>
                          Tags
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedView>
    </>
  )
}
