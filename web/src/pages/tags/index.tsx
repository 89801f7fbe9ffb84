// Tags: create, rename, retype and delete the workspace's tags; pick one to see the projects, tasks and people
// carrying it (the projects list filtered by tag lives here, as the web app has no projects page of its own).
import { useState, type FormEvent } from 'react'
import { api } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { Link, setSearchParams, useLocation } from '../../lib/router'
import { Empty, ErrorMessage, Loading } from '../../components/states'

const tagTypes = ['area', 'resource'] as const
type TagType = (typeof tagTypes)[number]

function NewTagForm() {
  const invalidate = useInvalidate()
  const [draft, setDraft] = useState({ name: '', type: '', description: '' })
  const create = api.useMutation('post', '/api/v1/tags', {
    onSuccess: () => {
      setDraft({ name: '', type: '', description: '' })
      void invalidate('/api/v1/tags')
    },
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    create.mutate({ body: { name: draft.name, type: (draft.type || null) as TagType | null, description: draft.description || null } })
  }
  return (
    <form className="card filters" aria-label="New tag" onSubmit={submit}>
      <label>
        Name
        <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} required />
      </label>
      <label>
        Type
        <select value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>
          <option value="">—</option>
          {tagTypes.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label>
        Description
        <input value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
      </label>
      <button type="submit" disabled={create.isPending}>
        Add tag
      </button>
      {create.isError && <ErrorMessage error={create.error} />}
    </form>
  )
}

function Tagged({ tag }: { tag: string }) {
  const query = { params: { query: { tag } } }
  const projects = api.useQuery('get', '/api/v1/projects', query)
  const tasks = api.useQuery('get', '/api/v1/tasks', { params: { query: { tag, limit: 100 } } })
  const people = api.useQuery('get', '/api/v1/people', query)
  const list = (title: string, items: Array<{ id: string; label: string; to?: string }> | undefined) => (
    <section aria-label={`${title} tagged ${tag}`}>
      <h2>{title}</h2>
      {!items ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>None.</Empty>
      ) : (
        <ul>
          {items.map((item) => (
            <li key={item.id}>{item.to ? <Link to={item.to}>{item.label}</Link> : item.label}</li>
          ))}
        </ul>
      )}
    </section>
  )
  return (
    <>
      {list(
        'Projects',
        projects.data?.items.map((p) => ({ id: p.id, label: p.name })),
      )}
      {list(
        'Tasks',
        tasks.data?.items.map((t) => ({ id: t.id, label: t.title })),
      )}
      {list(
        'People',
        people.data?.items.map((p) => ({ id: p.id, label: p.displayName, to: `/people/${p.id}` })),
      )}
    </>
  )
}

export function TagsPage() {
  const invalidate = useInvalidate()
  const { search } = useLocation()
  const selected = search.get('tag') ?? ''
  const tags = api.useQuery('get', '/api/v1/tags', {})
  const rename = api.useMutation('patch', '/api/v1/tags/{id}', { onSuccess: () => invalidate('/api/v1/tags') })
  const remove = api.useMutation('delete', '/api/v1/tags/{id}', { onSuccess: () => invalidate('/api/v1/tags') })
  return (
    <section className="page">
      <h1>Tags</h1>
      <NewTagForm />
      {tags.isPending ? (
        <Loading />
      ) : tags.isError ? (
        <ErrorMessage error={tags.error} onRetry={() => void tags.refetch()} />
      ) : tags.data.items.length === 0 ? (
        <Empty>No tags yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label="Tags">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Description</th>
                <th>Used</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {tags.data.items.map((t) => (
                <tr key={t.id} aria-selected={t.name === selected}>
                  <td>
                    <button type="button" className="link-button" onClick={() => setSearchParams({ tag: t.name })}>
                      {t.name}
                    </button>
                  </td>
                  <td>{t.type ?? '—'}</td>
                  <td>{t.description ?? ''}</td>
                  <td>{t.usage}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() => {
                        const name = window.prompt(`Rename ${t.name} to`, t.name)
                        if (name && name !== t.name) rename.mutate({ params: { path: { id: t.id } }, body: { name } })
                      }}
                    >
                      Rename
                    </button>{' '}
                    <button
                      type="button"
                      onClick={() => {
                        if (window.confirm(`Delete the tag ${t.name}? It is removed from ${t.usage} things.`))
                          remove.mutate({ params: { path: { id: t.id } } })
                      }}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(rename.isError || remove.isError) && <ErrorMessage error={rename.error ?? remove.error} />}
      {selected && <Tagged tag={selected} />}
    </section>
  )
}
