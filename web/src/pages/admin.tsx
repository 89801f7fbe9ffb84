// Admin page.
import { paths } from '../api/paths'
import { useSession } from '../session'
import { NotAvailable } from '../components/states'

export function AdminPage(_props: Record<string, string | undefined> = {}) {
  const session = useSession()
  if (!session.can('listUsers')) return <section className="page"><h1>Admin</h1><NotAvailable feature="Admin" path={paths.listUsers.join(' ')} /></section>
  return <section className="page"><h1>Admin</h1></section>
}
