// Imports page.
import { paths } from '../api/paths'
import { useSession } from '../session'
import { NotAvailable } from '../components/states'

export function ImportsPage(_props: Record<string, string | undefined> = {}) {
  const session = useSession()
  if (!session.can('createImport')) return <section className="page"><h1>Imports</h1><NotAvailable feature="Imports" path={paths.createImport.join(' ')} /></section>
  return <section className="page"><h1>Imports</h1></section>
}
