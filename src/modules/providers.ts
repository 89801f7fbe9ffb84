// Hands providers to the modules that call them without importing them: the local analyser to the LLM call path
// (provide-local-analyser.ts) and the live connectors to their registry (connectors/registry.ts). Imported for its
// effect by every entry point that runs services: src/modules/all.ts (server, workers), the CLI's local context
// (src/cli/runtime.ts), bench and eval scripts, and tests that use connectors without building the app (the test
// setup hands over only the local analyser: loading the connectors costs every test file seconds).
import './provide-local-analyser.js'
import { provideConnectors } from './connectors/index.js'
import { telegramConnector } from './connectors/telegram/manifest.js'
import { chatwootConnector } from './connectors/chatwoot/manifest.js'
import { slackConnector } from './connectors/slack/manifest.js'
import { githubConnector } from './connectors/github/manifest.js'
import { imapConnector } from './connectors/imap/manifest.js'
import { webdavConnector } from './connectors/webdav/manifest.js'
import { folderConnector } from './connectors/folder/manifest.js'

provideConnectors([telegramConnector, chatwootConnector, slackConnector, githubConnector, imapConnector, webdavConnector, folderConnector])
