// Knowledge: topics with their atoms, and an atom's detail with its links, sources and version history
// (compare two versions, approve or reject a pending one).
import { useSession } from '../../session'
import { NotAvailable } from '../../components/states'
import { TopicsAndAtoms } from './atom-list'
import { AtomDetail } from './atom-detail'

export function KnowledgePage({ atomId }: { atomId?: string }) {
  const session = useSession()
  if (!session.can('get', '/api/v1/atoms') && !session.can('get', '/api/v1/topics')) {
    return (
      <section className="page">
        <h1>Knowledge</h1>
        <NotAvailable feature="Knowledge" path="GET /api/v1/topics, GET /api/v1/atoms" />
      </section>
    )
  }
  return (
    <section className={atomId ? 'page split has-detail' : 'page split'}>
      <div className="split-list">
        <h1>Knowledge</h1>
        <TopicsAndAtoms selectedAtomId={atomId} />
      </div>
      <div className="split-detail">
        {atomId ? <AtomDetail key={atomId} atomId={atomId} /> : <p className="hint">Choose an atom to see its links and history.</p>}
      </div>
    </section>
  )
}
