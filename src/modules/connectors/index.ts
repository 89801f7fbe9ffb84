// What other modules may use of the connector framework: the connector contract, the registry of enabled
// connectors and the sealing of a source's secrets. Channels live in subfolders (telegram/) and are reached
// through the registry.
export type * from './connector.js'
export { enabledConnectors, findConnector, provideConnectors } from './registry.js'
export { encryptSourceSecrets, decryptSourceSecrets } from './source-secrets.js'
