// `signalbox start`: opens and migrates the database, serves the API, then runs workers, shuts down cleanly.
// Workers start only once the server listens: a backlog waiting in the outbox (an import made while no server ran)
// is CPU and database work that, started earlier, held up plugin loading past Fastify's plugin timeout.
import type { FastifyInstance } from 'fastify'
import type { Config } from './config.js'
import { buildApp } from './app.js'
import { openDatabase } from './db/open.js'
import { acquireDataDirLock, resolveSecretKey, updateLockUrl, writeLocalToken } from './lib/data-dir.js'
import type { Log } from './lib/logger.js'
import { ensureDefaultWorkspace } from './modules/workspaces/index.js'
import { startBackground, type Background } from './jobs/background.js'
import { startQueue } from './jobs/queue.js'
import { requeueJobsOfDeadProcess } from './jobs/recover-jobs.js'

export type RunningServer = { app: FastifyInstance; url: string; stop: () => Promise<void> }

export async function startServer(config: Config, log: Log): Promise<RunningServer> {
  const releaseLock = config.databaseUrl ? () => {} : acquireDataDirLock(config.dataDir, 'starting')
  try {
    resolveSecretKey(config, log)
    const database = await openDatabase(config, log)
    const defaultWorkspaceId = await ensureDefaultWorkspace({ database })
    const localToken = writeLocalToken(config.dataDir)
    const state = { ready: false }
    const queue = await startQueue(database, log, { supervise: config.runWorkers })
    await requeueJobsOfDeadProcess(database, log)
    const app = await buildApp({ database, config, log, defaultWorkspaceId, localToken, state, queue })
    await app.listen({ port: config.port, host: config.host })
    const address = app.server.address()
    const port = typeof address === 'object' && address ? address.port : config.port
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
    if (!config.databaseUrl) updateLockUrl(config.dataDir, url)
    state.ready = true
    log.info({ url, database: database.kind }, `Signalbox is listening on ${url}`)
    let background: Background | null = null
    try {
      if (config.runWorkers) background = await startBackground({ database, config, log, queue })
    } catch (error) {
      await app.close()
      await queue.stop()
      await database.close()
      throw error
    }

    let stopping: Promise<void> | null = null
    const stop = () => {
      stopping ??= (async () => {
        state.ready = false
        await app.close() // stops accepting, lets in-flight requests finish
        await (background ?? { stop: () => queue.stop() }).stop()
        await database.close() // PGlite flushes and closes its data dir here
        releaseLock()
        log.info('Signalbox stopped')
      })()
      return stopping
    }
    return { app, url, stop }
  } catch (error) {
    releaseLock()
    throw error
  }
}
