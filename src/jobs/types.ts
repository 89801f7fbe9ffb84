// Types of the job catalog, apart from the catalog itself so modules can import them without cycles.
import type { z } from 'zod'
import type { Config } from '../config.js'
import type { Database } from '../db/client.js'
import type { Log } from '../lib/logger.js'
import type { JobQueue } from './queue.js'

export type WorkerDeps = { database: Database; config: Config; log: Log; queue: JobQueue }

export type JobDefinition<T = any> = {
  name: string
  payload: z.ZodType<T>
  handle: (deps: WorkerDeps, payload: T, job: { id: string }) => Promise<void>
  /** How many jobs one worker takes per poll. */
  batchSize?: number
  /** Events (JobQueue.publish) that enqueue this job, e.g. 'messages.changed'. */
  subscribes?: string[]
  /** Cron schedule (pg-boss), for periodic jobs. */
  schedule?: string
}
