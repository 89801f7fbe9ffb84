// The connector registry: every live connector (one folder each), offered only where it can run. The list is
// handed over at start-up (src/modules/providers.ts) rather than imported here: connectors build on sources and
// the webhook inbox, which look connectors up here, so importing them would close a cycle.
import type { Config } from '../../config.js'
import { NotFoundError } from '../../lib/errors.js'
import type { Connector } from './connector.js'

let allConnectors: Connector[] = []

/** Sets the connectors this process knows (each still decides with isEnabled whether it can run). */
export function provideConnectors(connectors: Connector[]): void {
  allConnectors = connectors
}

export function enabledConnectors(config: Config): Connector[] {
  return allConnectors.filter((connector) => connector.isEnabled?.(config) ?? true)
}

export function findConnector(config: Config, id: string): Connector {
  const connector = enabledConnectors(config).find((c) => c.id === id)
  if (!connector) throw new NotFoundError(`Connector '${id}'`)
  return connector
}
