// Starts the queue and a worker for every job in the catalog; used by `signalbox start` and `signalbox worker`.
import type { Config } from '../config.js'
import type { Database } from '../db/client.js'
import type { Log } from '../lib/logger.js'
import { startQueue, type JobQueue } from './queue.js'
import { jobDefinitions, type WorkerDeps } from './registry.js'

export type Background = { queue: JobQueue; stop: () => Promise<void> }

/** Registers every job's worker on `queue` (a queue of its own is started when none is given). */
export async function startBackground(deps: {
  database: Database
  config: Config
  log: Log
  queue?: JobQueue
}): Promise<Background> {
  const queue = deps.queue ?? (await startQueue(deps.database, deps.log))
  const workerDeps: WorkerDeps = { ...deps, queue }
  const definitions = jobDefinitions()
  for (const definition of definitions) {
    await queue.boss.createQueue(definition.name)
    await queue.boss.work(
      definition.name,
      { batchSize: definition.batchSize ?? 1, pollingIntervalSeconds: 0.5 },
      async (jobs) => {
        for (const job of jobs) {
          const payload = definition.payload.parse(job.data)
          await definition.handle(workerDeps, payload, { id: job.id })
        }
      },
    )
    for (const event of definition.subscribes ?? []) await queue.boss.subscribe(event, definition.name)
    if (definition.schedule) await queue.boss.schedule(definition.name, definition.schedule, {})
  }
  deps.log.debug({ jobs: definitions.map((d) => d.name) }, 'workers started')
  return { queue, stop: () => queue.stop() }
}
