// Notes: the list (filter by type, project and words) beside one note, rendered from its Markdown; "New note" and
// "Edit" open the editor (a textarea with a live preview). A note is also searchable on the Search page (source=notes).
import { api, type ApiItem } from '../../api/client'
import { Link, navigate, setSearchParams, useLocation } from '../../lib/router'
import { formatDate } from '../../lib/format'
import { useSession } from '../../session'
import { AsyncView, NotAvailable } from '../../components/states'
import { ProjectSelect } from '../../components/project-select'
import { Markdown } from '../../components/markdown'
import { useProjects } from '../tasks/shared'
import { NoteEditor, noteTypes } from './note-editor'

type Note = ApiItem<'get', '/api/v1/notes'>
type NoteType = Note['type']

export function NotesPage({ noteId }: { noteId?: string }) {
  const session = useSession()
  const { search } = useLocation()
  const editing = search.get('edit') === '1'
  const type = (search.get('type') ?? '') as NoteType | ''
  const projectId = search.get('project') ?? ''
  const q = search.get('q') ?? ''
  const projects = useProjects()
  const notes = api.useQuery(
    'get',
    '/api/v1/notes',
    { params: { query: { type: type || undefined, projectId: projectId || undefined, q: q || undefined, limit: 200 } } },
    { select: (r) => r.items },
  )
  if (!session.can('get', '/api/v1/notes')) {
    return (
      <section className="page">
        <h1>Notes</h1>
        <NotAvailable feature="Notes" path="GET /api/v1/notes" />
      </section>
    )
  }
  const creating = noteId === 'new'
  const filters = new URLSearchParams(search)
  filters.delete('edit')
  const kept = filters.size ? `?${filters}` : ''
  const projectName = new Map((projects.data ?? []).map((p) => [p.id, p.name]))
  return (
    <section className={noteId ? 'page split has-detail' : 'page split'}>
      <div className="split-list">
        <div className="page-header">
          <h1>Notes</h1>
          <div className="actions">
            <button type="button" onClick={() => navigate('/notes/new')}>
              New note
            </button>
          </div>
        </div>
        <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter notes">
          <label>
            Text
            <input type="search" defaultValue={q} onChange={(e) => setSearchParams({ q: e.target.value })} placeholder="title or body" />
          </label>
          <label>
            Type
            <select value={type} onChange={(e) => setSearchParams({ type: e.target.value })}>
              <option value="">Any</option>
              {noteTypes.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <ProjectSelect projects={projects.data ?? []} value={projectId} onChange={(project) => setSearchParams({ project })} />
        </form>
        <AsyncView query={notes} isEmpty={(items) => items.length === 0} empty="No notes match. Write one with “New note”.">
          {(items) => (
            <ul className="item-list" aria-label="Notes">
              {items.map((n) => (
                <li key={n.id} className={n.id === noteId ? 'selected' : ''}>
                  <Link to={`/notes/${n.id}${kept}`}>
                    <strong>{n.title}</strong>
                    <span className="meta">
                      {n.type}
                      {n.projectId ? ` · ${projectName.get(n.projectId) ?? 'project'}` : ''} · {formatDate(n.updatedAt)}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </AsyncView>
      </div>
      <div className="split-detail">
        <Link to="/notes" className="back-link">
          ← All notes
        </Link>
        {creating ? (
          <NoteEditor key="new" onDone={(id) => navigate(id ? `/notes/${id}` : '/notes')} />
        ) : noteId ? (
          <NoteDetail key={noteId} noteId={noteId} editing={editing} projectName={projectName} />
        ) : (
          <p className="hint">Choose a note to read it, or write a new one.</p>
        )}
      </div>
    </section>
  )
}

function NoteDetail({ noteId, editing, projectName }: { noteId: string; editing: boolean; projectName: Map<string, string> }) {
  const note = api.useQuery('get', '/api/v1/notes/{id}', { params: { path: { id: noteId } } })
  return (
    <AsyncView query={note}>
      {(n) =>
        editing ? (
          <NoteEditor note={n} onDone={() => setSearchParams({ edit: null })} />
        ) : (
          <article aria-label="Note">
            <div className="page-header">
              <h2>{n.title}</h2>
              <div className="actions">
                <button type="button" onClick={() => setSearchParams({ edit: '1' })}>
                  Edit
                </button>
              </div>
            </div>
            <p className="meta">
              <span className="badge">{n.type}</span>
              {n.projectId && <span className="badge muted">{projectName.get(n.projectId) ?? 'project'}</span>} updated{' '}
              {formatDate(n.updatedAt)}
            </p>
            <Markdown source={n.content} label="Note body" />
          </article>
        )
      }
    </AsyncView>
  )
}
