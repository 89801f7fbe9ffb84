// Hands providers to the modules that call them without importing them (see llm/local-provider.ts). Imported for
// its effect by every entry point that runs services: src/modules/all.ts (server, workers), the CLI's local
// context (src/cli/runtime.ts) and the test setup.
import { provideLocalAnalyser } from './llm/index.js'
import { runLocalTask } from './local-analyser/index.js'

provideLocalAnalyser(runLocalTask)
