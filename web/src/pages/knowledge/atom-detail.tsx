// Knowledge → one atom: its content, links to other atoms, source messages and version history.
import { api } from '../../api/client'
import { Link } from '../../lib/router'
import { formatDate, formatPercent, truncate } from '../../lib/format'
import { useSession } from '../../session'
import { AsyncView } from '../../components/states'
import { SourceMessages } from '../../components/source-messages'
import { VersionHistory } from './version-history'

export function AtomDetail({ atomId }: { atomId: string }) {
  const session = useSession()
  const path = { params: { path: { id: atomId } } }
  const atom = api.useQuery('get', '/api/v1/atoms/{id}', path)
  const links = api.useQuery('get', '/api/v1/atoms/{id}/links', path, {
    enabled: session.can('get', '/api/v1/atoms/{id}/links'),
    select: (r) => r.items,
  })
  const versions = api.useQuery('get', '/api/v1/atoms/{id}/versions', path, {
    enabled: session.can('get', '/api/v1/atoms/{id}/versions'),
    select: (r) => r.items,
  })
  return (
    <AsyncView query={atom}>
      {(a) => (
        <article aria-label="Atom">
          <Link to="/knowledge" className="back-link">
            ← All atoms
          </Link>
          <h2>{a.title}</h2>
          <p className="meta">
            {a.type} · version {a.currentVersion} · {a.approvalStatus}
            {a.confidence != null ? ` · ${formatPercent(a.confidence)} confidence` : ''} · updated {formatDate(a.updatedAt)}
          </p>
          <p className="message-body">{a.content}</p>
          <h3>Links</h3>
          <AsyncView query={links} isEmpty={(v) => v.length === 0} empty="No links to other atoms.">
            {(items) => (
              <ul className="chips" aria-label="Links">
                {items.map((l) => {
                  const other = l.direction === 'out' ? l.toAtomId : l.fromAtomId
                  return (
                    <li key={`${l.fromAtomId}-${l.toAtomId}-${l.linkType}`} className="chip">
                      {l.direction === 'out' ? l.linkType : `← ${l.linkType}`}{' '}
                      <Link to={`/knowledge/atoms/${other}`}>{truncate(l.otherTitle, 60)}</Link>
                    </li>
                  )
                })}
              </ul>
            )}
          </AsyncView>
          {a.sourceMessageIds?.length > 0 && (
            <>
              <h3>Sources</h3>
              <SourceMessages ids={a.sourceMessageIds} />
            </>
          )}
          <h3>Version history</h3>
          <AsyncView query={versions} isEmpty={(v) => v.length === 0} empty="No versions recorded.">
            {(items) => (
              <VersionHistory atomId={atomId} versions={items} onReviewed={() => void Promise.all([versions.refetch(), atom.refetch()])} />
            )}
          </AsyncView>
        </article>
      )}
    </AsyncView>
  )
}
