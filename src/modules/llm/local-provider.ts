// The no-API-key provider of the built-in tasks (the local analyser) is handed to the LLM call path rather than
// imported by it: the analyser builds on noise scoring and topic classification, which build on llm's task
// definitions, so an import here would close a cycle. src/modules/providers.ts hands it over at start-up.
import type { BuiltinTaskInput, BuiltinTaskKey, BuiltinTaskOutput } from './builtin-tasks.js'

export type LocalTaskRunner = <K extends BuiltinTaskKey>(task: K, input: BuiltinTaskInput<K>) => Promise<BuiltinTaskOutput<K>>

let localRunner: LocalTaskRunner | undefined

/** Makes `runner` answer built-in tasks that have no remote agent. */
export function provideLocalAnalyser(runner: LocalTaskRunner): void {
  localRunner = runner
}

export function localAnalyser(): LocalTaskRunner {
  if (!localRunner) {
    throw new Error('No local analyser was provided to the LLM call path: import src/modules/providers.js at the entry point')
  }
  return localRunner
}
