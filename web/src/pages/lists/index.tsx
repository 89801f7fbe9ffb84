// Lists: watchlists, game backlogs and custom lists on the left (and a form for a new one), the chosen list's items
// on the right with the columns of its kind, a status to change in place and a form to add an item.
import { useState, type FormEvent } from 'react'
import { api, type ApiItem } from '../../api/client'
import { useInvalidate } from '../../api/invalidate'
import { Link, navigate } from '../../lib/router'
import { useSession } from '../../session'
import { AsyncView, ErrorMessage, NotAvailable } from '../../components/states'
import { NewItemForm } from './new-item-form'

type List = ApiItem<'get', '/api/v1/lists'>
type Item = ApiItem<'get', '/api/v1/lists/{id}/items'>
const listKinds = ['watchlist', 'games', 'custom'] as const satisfies ReadonlyArray<List['kind']>

export function ListsPage({ listId }: { listId?: string }) {
  const session = useSession()
  const lists = api.useQuery('get', '/api/v1/lists', {}, { select: (r) => r.items })
  if (!session.can('get', '/api/v1/lists')) {
    return (
      <section className="page">
        <h1>Lists</h1>
        <NotAvailable feature="Lists" path="GET /api/v1/lists" />
      </section>
    )
  }
  const current = lists.data?.find((l) => l.id === listId)
  return (
    <section className={listId ? 'page split has-detail' : 'page split'}>
      <div className="split-list">
        <h1>Lists</h1>
        <AsyncView query={lists} isEmpty={(items) => items.length === 0} empty="No lists yet: a watchlist, a game backlog or your own.">
          {(items) => (
            <ul className="item-list" aria-label="Lists">
              {items.map((l) => (
                <li key={l.id} className={l.id === listId ? 'selected' : ''}>
                  <Link to={`/lists/${l.id}`}>
                    <strong>{l.name}</strong>
                    <span className="meta">
                      {l.kind} · {l.itemCount} items
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </AsyncView>
        <NewListForm />
      </div>
      <div className="split-detail">
        <Link to="/lists" className="back-link">
          ← All lists
        </Link>
        {current ? <ListDetail key={current.id} list={current} /> : <p className="hint">Choose a list to see its items.</p>}
      </div>
    </section>
  )
}

function NewListForm() {
  const invalidate = useInvalidate()
  const [form, setForm] = useState({ name: '', kind: 'watchlist' as List['kind'] })
  const creation = api.useMutation('post', '/api/v1/lists', {
    onSuccess: async (created) => {
      setForm({ name: '', kind: form.kind })
      await invalidate('/api/v1/lists')
      navigate(`/lists/${created!.id}`)
    },
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    creation.mutate({ body: { name: form.name, kind: form.kind } })
  }
  return (
    <form className="card filters" onSubmit={submit} aria-label="New list">
      {creation.error && <ErrorMessage error={creation.error} />}
      <label>
        Name
        <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
      </label>
      <label>
        Kind
        <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as List['kind'] })}>
          {listKinds.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={creation.isPending}>
        Create list
      </button>
    </form>
  )
}

/** The columns each kind shows besides title, status and rating. */
const kindColumns: Record<List['kind'], Array<[string, (item: Item) => string]>> = {
  watchlist: [
    ['Type', (i) => i.mediaType ?? '—'],
    ['Year', (i) => (i.year == null ? '—' : String(i.year))],
  ],
  games: [
    ['Platform', (i) => i.platform ?? '—'],
    ['Hours', (i) => (i.hoursPlayed == null ? '—' : String(i.hoursPlayed))],
  ],
  custom: [
    [
      'Fields',
      (i) =>
        Object.entries(i.fields)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ') || '—',
    ],
  ],
}

function ListDetail({ list }: { list: List }) {
  const invalidate = useInvalidate()
  const items = api.useQuery('get', '/api/v1/lists/{id}/items', { params: { path: { id: list.id } } }, { select: (r) => r.items })
  const refresh = () => invalidate('/api/v1/lists/{id}/items', '/api/v1/lists')
  const update = api.useMutation('patch', '/api/v1/lists/{id}/items/{itemId}', { onSuccess: refresh })
  const removal = api.useMutation('delete', '/api/v1/lists/{id}/items/{itemId}', { onSuccess: refresh })
  const listRemoval = api.useMutation('delete', '/api/v1/lists/{id}', {
    onSuccess: async () => (await invalidate('/api/v1/lists'), navigate('/lists')),
  })
  const path = (itemId: string) => ({ path: { id: list.id, itemId } })
  const setStatus = (item: Item, status: string) => update.mutate({ params: path(item.id), body: { status: status || null } })
  return (
    <>
      <div className="page-header">
        <h2>{list.name}</h2>
        <span className="badge muted">{list.kind}</span>
        <div className="actions">
          <button
            type="button"
            className="danger"
            onClick={() =>
              window.confirm(`Delete the list “${list.name}” and its items?`) && listRemoval.mutate({ params: { path: { id: list.id } } })
            }
          >
            Delete list
          </button>
        </div>
      </div>
      {(update.error || removal.error) && <ErrorMessage error={update.error ?? removal.error} />}
      <AsyncView query={items} isEmpty={(v) => v.length === 0} empty="No items yet.">
        {(rows) => (
          <div className="table-wrap">
            <table className="data" aria-label={`${list.name} items`}>
              <thead>
                <tr>
                  <th>Title</th>
                  <th>Status</th>
                  <th>Rating</th>
                  {kindColumns[list.kind].map(([name]) => (
                    <th key={name}>{name}</th>
                  ))}
                  <th>Notes</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((item) => (
                  <tr key={item.id}>
                    <td>{item.title}</td>
                    <td>
                      {list.statuses ? (
                        <select
                          aria-label={`Status of ${item.title}`}
                          value={item.status ?? ''}
                          onChange={(e) => setStatus(item, e.target.value)}
                        >
                          {list.statuses.map((s) => (
                            <option key={s} value={s}>
                              {s.replace(/_/g, ' ')}
                            </option>
                          ))}
                        </select>
                      ) : (
                        (item.status ?? '—')
                      )}
                    </td>
                    <td>{item.rating == null ? '—' : `${item.rating}/10`}</td>
                    {kindColumns[list.kind].map(([name, value]) => (
                      <td key={name}>{value(item)}</td>
                    ))}
                    <td>{item.notes || '—'}</td>
                    <td>
                      <button type="button" className="link-button" onClick={() => removal.mutate({ params: path(item.id) })}>
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </AsyncView>
      <NewItemForm list={list} />
    </>
  )
}
