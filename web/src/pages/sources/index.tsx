// Sources: every channel messages come from, with its state (connected, paused, failing, imported), counts and
// controls; a setup form per connector; the Telegram link flow; and the webhook inbox with replay of dead deliveries.
import { api } from '../../api/client'
import { useSession } from '../../session'
import { AsyncView, NotAvailable } from '../../components/states'
import { SourceRow } from './source-row'
import { ConnectTelegram } from './connect-telegram'
import { TelegramLink } from './telegram-link'
import { Deliveries } from './deliveries'

export function SourcesPage() {
  const session = useSession()
  if (!session.can('get', '/api/v1/sources')) {
    return (
      <section className="page">
        <h1>Sources</h1>
        <NotAvailable feature="Sources" path="GET /api/v1/sources" />
      </section>
    )
  }
  return <Sources />
}

function Sources() {
  // States and counts change as connectors sync: read again every 5 s.
  const sources = api.useQuery('get', '/api/v1/sources', {}, { select: (r) => r.items, refetchInterval: 5000 })
  const reload = () => void sources.refetch()
  return (
    <section className="page">
      <h1>Sources</h1>
      <AsyncView query={sources} isEmpty={(items) => items.length === 0} empty="No sources yet: import an export or connect a bot below.">
        {(items) => (
          <ul className="item-list" aria-label="Sources">
            {items.map((source) => (
              <SourceRow key={source.id} source={source} onChange={reload} />
            ))}
          </ul>
        )}
      </AsyncView>
      <ConnectTelegram onConnected={reload} />
      <TelegramLink />
      <Deliveries />
    </section>
  )
}
