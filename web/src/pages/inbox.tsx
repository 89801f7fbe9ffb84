// Review page.
import { paths } from '../api/paths'
import { useSession } from '../session'
import { NotAvailable } from '../components/states'

export function InboxPage(_props: Record<string, string | undefined> = {}) {
  const session = useSession()
  if (!session.can('listProposals')) return <section className="page"><h1>Review</h1><NotAvailable feature="Review" path={paths.listProposals.join(' ')} /></section>
  return <section className="page"><h1>Review</h1></section>
}
