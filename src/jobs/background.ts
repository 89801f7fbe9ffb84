// Starts the queue and a worker for every job in the catalog; used by `signalbox start` and `signalbox worker`.
import type { Config } from '../config.js'
import type { Database } from '../db/client.js'
import type { Log } from '../lib/logger.js'
import { startEventDispatcher } from './event-outbox.js'
import { startQueue, type JobQueue } from './queue.js'
import { jobDefinitions, type JobDefinition, type WorkerDeps } from './registry.js'
import { BudgetExceededError } from '../lib/errors.js'
import { allModules } from '../modules/all.js'

export type Background = { queue: JobQueue; stop: () => Promise<void> }

/** Registers every job's worker on `queue` (a queue of its own is started when none is given). */
export async function startBackground(deps: { database: Database; config: Config; log: Log; queue?: JobQueue }): Promise<Background> {
  const queue = deps.queue ?? (await startQueue(deps.database, deps.log))
  const workerDeps: WorkerDeps = { ...deps, queue }
  const definitions = jobDefinitions()
  for (const definition of definitions) {
    await queue.boss.createQueue(definition.name)
    await queue.boss.work(definition.name, { batchSize: definition.batchSize ?? 1, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      for (const job of jobs) await runJob(definition, workerDeps, job)
    })
    for (const event of definition.subscribes ?? []) await queue.boss.subscribe(event, definition.name)
    if (definition.schedule) await queue.boss.schedule(definition.name, definition.schedule, {})
  }
  // After the subscriptions exist, so events waiting in the outbox (a CLI import's) reach their jobs.
  const dispatcher = startEventDispatcher(deps.database, queue, deps.log)
  const services = allModules.flatMap((module) => module.services ?? []).map((start) => start(workerDeps))
  deps.log.debug({ jobs: definitions.map((d) => d.name) }, 'workers started')
  return {
    queue,
    stop: async () => {
      await Promise.all(services.map((service) => service.stop()))
      await dispatcher.stop()
      await queue.stop()
    },
  }
}

/**
 * Runs one job. A job that a budget blocks is parked, not failed: a copy is queued to start when the budget
 * period ends (an admin who raises the budget can retry it sooner from the jobs API), so no work is lost and
 * no retries are burnt against a limit that cannot change before then.
 */
export async function runJob(definition: JobDefinition, deps: WorkerDeps, job: { id: string; data: unknown }): Promise<void> {
  const payload = definition.payload.parse(job.data)
  try {
    await definition.handle(deps, payload, { id: job.id })
  } catch (error) {
    if (!(error instanceof BudgetExceededError)) throw error
    const periodEndsAt =
      typeof error.details === 'object' && error.details && 'periodEndsAt' in error.details
        ? new Date(String((error.details as { periodEndsAt: unknown }).periodEndsAt))
        : new Date(Date.now() + 60 * 60 * 1000)
    const parkedId = await deps.queue.send(definition.name, job.data as object, { startAfter: periodEndsAt })
    deps.log.warn({ job: definition.name, jobId: job.id, parkedId, startAfter: periodEndsAt.toISOString() }, 'job parked by a budget')
  }
}
