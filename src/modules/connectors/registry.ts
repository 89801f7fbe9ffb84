// The connector manifest: every live connector, one folder each. A connector is offered only where it can run.
import type { Config } from '../../config.js'
import { NotFoundError } from '../../lib/errors.js'
import type { Connector } from './connector.js'
import { telegramConnector } from './telegram/manifest.js'
import { imapConnector } from './imap/manifest.js'

const allConnectors: Connector[] = [telegramConnector, imapConnector]

export function enabledConnectors(config: Config): Connector[] {
  return allConnectors.filter((connector) => connector.isEnabled?.(config) ?? true)
}

export function findConnector(config: Config, id: string): Connector {
  const connector = enabledConnectors(config).find((c) => c.id === id)
  if (!connector) throw new NotFoundError(`Connector '${id}'`)
  return connector
}
