// Analysis page.
import { paths } from '../api/paths'
import { useSession } from '../session'
import { NotAvailable } from '../components/states'

export function AnalysisPage(_props: Record<string, string | undefined> = {}) {
  const session = useSession()
  if (!session.can('listRuns')) return <section className="page"><h1>Analysis</h1><NotAvailable feature="Analysis" path={paths.listRuns.join(' ')} /></section>
  return <section className="page"><h1>Analysis</h1></section>
}
