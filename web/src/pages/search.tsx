// Search page.
import { paths } from '../api/paths'
import { useSession } from '../session'
import { NotAvailable } from '../components/states'

export function SearchPage(_props: Record<string, string | undefined> = {}) {
  const session = useSession()
  if (!session.can('search')) return <section className="page"><h1>Search</h1><NotAvailable feature="Search" path={paths.search.join(' ')} /></section>
  return <section className="page"><h1>Search</h1></section>
}
