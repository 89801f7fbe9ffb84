// `signalbox start`, `worker` and `migrate`.
import type { Command } from 'commander'
import { startServer } from '../server.js'
import { openDatabase } from '../db/open.js'
import { acquireDataDirLock } from '../lib/data-dir.js'
import { startBackground } from '../jobs/background.js'
import { cliConfig, CliError, cliLog } from './runtime.js'
import { createLogger } from '../lib/logger.js'
import { countUsers } from '../modules/identity/index.js'
import { startupBanner } from './startup-banner.js'

function onSignals(stop: () => Promise<void>) {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // `on`, not `once`: a second Ctrl-C must not kill the process while PGlite is flushing.
    process.on(signal, () => {
      stop().then(
        () => process.exit(0),
        () => process.exit(1),
      )
    })
  }
}

export function registerServerCommands(program: Command) {
  program
    .command('start')
    .description('Start the API server (and background workers) on HOST:PORT')
    .option('--first-user-admin', 'the first person to sign up becomes the admin')
    .action(async (options: { firstUserAdmin?: boolean }) => {
      const config = cliConfig()
      if (options.firstUserAdmin) config.firstUserAdmin = true
      const log = createLogger(config.logLevel)
      const server = await startServer(config, log)
      onSignals(server.stop)
      const userCount = await countUsers(server.app.deps)
      console.log(
        startupBanner({
          url: server.url,
          dataDir: config.databaseUrl ? null : config.dataDir,
          userCount,
          firstUserAdmin: config.firstUserAdmin,
          workersOn: config.runWorkers,
        }),
      )
    })

  program
    .command('worker')
    .description('Run background workers only (needs DATABASE_URL: an embedded data dir serves one process)')
    .action(async () => {
      const config = cliConfig()
      if (!config.databaseUrl) {
        throw new CliError('signalbox worker needs DATABASE_URL: `signalbox start` already runs workers on the embedded database')
      }
      const log = createLogger(config.logLevel)
      const database = await openDatabase(config, log)
      const background = await startBackground({ database, config, log })
      log.info('Signalbox worker running')
      onSignals(async () => {
        await background.stop()
        await database.close()
      })
    })

  program
    .command('migrate')
    .description('Create or upgrade the database schema')
    .action(async () => {
      const config = cliConfig()
      const release = config.databaseUrl ? () => {} : acquireDataDirLock(config.dataDir, 'cli')
      try {
        const database = await openDatabase(config, cliLog(config))
        await database.close()
        console.log('migrate: database is up to date')
      } finally {
        release()
      }
    })
}
