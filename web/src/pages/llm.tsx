// LLM page.
import { paths } from '../api/paths'
import { useSession } from '../session'
import { NotAvailable } from '../components/states'

export function LlmPage(_props: Record<string, string | undefined> = {}) {
  const session = useSession()
  if (!session.can('listProviders')) return <section className="page"><h1>LLM</h1><NotAvailable feature="LLM" path={paths.listProviders.join(' ')} /></section>
  return <section className="page"><h1>LLM</h1></section>
}
