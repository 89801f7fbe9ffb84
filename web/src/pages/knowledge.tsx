// Knowledge page.
import { paths } from '../api/paths'
import { useSession } from '../session'
import { NotAvailable } from '../components/states'

export function KnowledgePage(_props: Record<string, string | undefined> = {}) {
  const session = useSession()
  if (!session.can('listTopics')) return <section className="page"><h1>Knowledge</h1><NotAvailable feature="Knowledge" path={paths.listTopics.join(' ')} /></section>
  return <section className="page"><h1>Knowledge</h1></section>
}
