// Hands providers to the modules that call them without importing them: the local analyser to the LLM call path
// (llm/local-provider.ts) and the live connectors to their registry (connectors/registry.ts). Imported for its
// effect by every entry point that runs services: src/modules/all.ts (server, workers), the CLI's local context
// (src/cli/runtime.ts) and the test setup (vitest.config.ts).
import { provideConnectors } from './connectors/index.js'
import { telegramConnector } from './connectors/telegram/manifest.js'
import { provideLocalAnalyser } from './llm/index.js'
import { runLocalTask } from './local-analyser/index.js'

provideLocalAnalyser(runLocalTask)
provideConnectors([telegramConnector])
