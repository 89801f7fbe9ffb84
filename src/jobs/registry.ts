// The typed job catalog: every background job that a module declares in its module.ts.
import { allModules } from '../modules/all.js'
import type { JobDefinition } from './types.js'
export type { JobDefinition, WorkerDeps } from './types.js'

/** A function rather than a constant so that modules may import the queue helpers without an import cycle. */
export function jobDefinitions(): JobDefinition[] {
  return allModules.flatMap((module) => module.jobs ?? [])
}
