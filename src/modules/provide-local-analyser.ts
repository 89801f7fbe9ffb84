// Hands the local analyser to the LLM call path (see llm/local-provider.ts). It is loaded on the first local call,
// so a process (or test file) that never runs a built-in task locally does not load it.
import { provideLocalAnalyser, type LocalTaskRunner } from './llm/local-provider.js'

const runLocalTaskWhenNeeded: LocalTaskRunner = async (task, input) => (await import('./local-analyser/index.js')).runLocalTask(task, input)

provideLocalAnalyser(runLocalTaskWhenNeeded)
