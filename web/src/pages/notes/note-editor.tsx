// The note editor: title, type, project and a Markdown textarea with its rendered preview beside it (below it on a
// phone). Saving creates or changes the note; deleting asks first.
import { useState, type FormEvent } from 'react'
import { api, type ApiItem } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { ErrorMessage } from '../../components/states'
import { Markdown } from '../../components/markdown'
import { useProjects } from '../tasks/shared'

type Note = ApiItem<'get', '/api/v1/notes'>
export const noteTypes = ['meeting', 'idea', 'learning', 'reference'] as const satisfies ReadonlyArray<Note['type']>

export function NoteEditor({ note, onDone }: { note?: Note; onDone: (id?: string) => void }) {
  const invalidate = useInvalidate()
  const projects = useProjects()
  const [form, setForm] = useState({
    title: note?.title ?? '',
    content: note?.content ?? '',
    type: note?.type ?? ('idea' as Note['type']),
    projectId: note?.projectId ?? '',
  })
  const refresh = () => invalidate('/api/v1/notes', '/api/v1/notes/{id}')
  const creation = api.useMutation('post', '/api/v1/notes', { onSuccess: async (created) => (await refresh(), onDone(created!.id)) })
  const update = api.useMutation('patch', '/api/v1/notes/{id}', { onSuccess: async () => (await refresh(), onDone(note?.id)) })
  const removal = api.useMutation('delete', '/api/v1/notes/{id}', { onSuccess: async () => (await refresh(), onDone()) })
  const busy = creation.isPending || update.isPending || removal.isPending
  const error = creation.error ?? update.error ?? removal.error
  const save = (event: FormEvent) => {
    event.preventDefault()
    const body = { title: form.title, content: form.content, type: form.type, projectId: form.projectId || null }
    if (note) update.mutate({ params: { path: { id: note.id } }, body })
    else creation.mutate({ body })
  }
  const remove = () => {
    if (note && window.confirm(`Delete the note “${note.title}”?`)) removal.mutate({ params: { path: { id: note.id } } })
  }
  return (
    <form className="form note-editor" onSubmit={save} aria-label={note ? 'Edit note' : 'New note'}>
      {error && <ErrorMessage error={error} />}
      <label>
        Title
        <input required value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />
      </label>
      <div className="filters">
        <label>
          Type
          <select value={form.type} onChange={(e) => setForm({ ...form, type: e.target.value as Note['type'] })}>
            {noteTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        {(projects.data ?? []).length > 0 && (
          <label>
            Project
            <select value={form.projectId} onChange={(e) => setForm({ ...form, projectId: e.target.value })}>
              <option value="">None</option>
              {(projects.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <div className="grid-2">
        <label>
          Markdown
          <textarea rows={16} value={form.content} onChange={(e) => setForm({ ...form, content: e.target.value })} />
        </label>
        <div>
          <span className="meta">Preview</span>
          <Markdown source={form.content} label="Preview" />
        </div>
      </div>
      <div className="filters">
        <button type="submit" disabled={busy}>
          Save
        </button>
        <button type="button" className="link-button" onClick={() => onDone(note?.id)}>
          Cancel
        </button>
        {note && (
          <button type="button" className="danger" disabled={busy} onClick={remove}>
            Delete
          </button>
        )}
      </div>
    </form>
  )
}
