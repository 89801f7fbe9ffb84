// People: contacts searched by name and filtered by tag; a person's page at /people/:id.
import { api } from '../../api/client'
import { Link, setSearchParams, useLocation } from '../../lib/router'
import { useSession } from '../../session'
import { Empty, ErrorMessage, Loading, NotAvailable } from '../../components/states'
import { TagFilter } from './tag-filter'

export function PeoplePage() {
  const session = useSession()
  const { search } = useLocation()
  const q = search.get('q') ?? ''
  const tag = search.get('tag') ?? ''
  const people = api.useQuery('get', '/api/v1/people', { params: { query: { q: q || undefined, tag: tag || undefined, limit: 200 } } })
  if (!session.can('get', '/api/v1/people')) {
    return (
      <section className="page">
        <h1>People</h1>
        <NotAvailable feature="People" path="GET /api/v1/people" />
      </section>
    )
  }
  return (
    <section className="page">
      <h1>People</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Name
          <input
            type="search"
            defaultValue={q}
            onChange={(e) => setSearchParams({ q: e.target.value })}
            placeholder="name, e-mail, phone"
          />
        </label>
        <TagFilter value={tag} onChange={(next) => setSearchParams({ tag: next })} />
      </form>
      {people.isPending ? (
        <Loading />
      ) : people.isError ? (
        <ErrorMessage error={people.error} onRetry={() => void people.refetch()} />
      ) : people.data.items.length === 0 ? (
        <Empty>No people match.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label="People">
            <thead>
              <tr>
                <th>Name</th>
                <th>Relationship</th>
                <th>E-mail</th>
                <th>Phone</th>
                <th>Tags</th>
                <th>Messages</th>
              </tr>
            </thead>
            <tbody>
              {people.data.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/people/${p.id}`}>{p.displayName}</Link>
                  </td>
                  <td>{p.relationship ?? '—'}</td>
                  <td>{p.email ?? '—'}</td>
                  <td>{p.phone ?? '—'}</td>
                  <td>
                    {p.tags.map((t) => (
                      <span key={t.id} className="badge">
                        {t.name}
                      </span>
                    ))}
                  </td>
                  <td>{p.messageCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
