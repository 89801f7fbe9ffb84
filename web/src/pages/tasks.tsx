// Tasks page.
import { paths } from '../api/paths'
import { useSession } from '../session'
import { NotAvailable } from '../components/states'

export function TasksPage(_props: Record<string, string | undefined> = {}) {
  const session = useSession()
  if (!session.can('listTasks')) return <section className="page"><h1>Tasks</h1><NotAvailable feature="Tasks" path={paths.listTasks.join(' ')} /></section>
  return <section className="page"><h1>Tasks</h1></section>
}
