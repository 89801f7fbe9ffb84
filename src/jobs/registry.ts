// The typed job catalog: every background job a module defines is listed here (one spread per module).
import type { JobDefinition } from './types.js'
export type { JobDefinition, WorkerDeps } from './types.js'

export const jobDefinitions: JobDefinition[] = []
