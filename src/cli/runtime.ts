// How CLI commands reach the data: directly (opening the database) or, when a server holds the embedded
// data dir or SIGNALBOX_URL names a remote server, through that server's HTTP API.
// The database side (PGlite, Drizzle, migrations) is imported only when a command works without a server.
import { ConfigError, loadConfig, type Config } from '../config.js'
import { acquireDataDirLock, describeLockHolder, lockServesHttp, readLiveLock, readLocalToken } from '../lib/data-dir.js'
import { createLogger, type Log } from '../lib/logger.js'
import type { ServiceContext } from '../lib/context.js'
import { CliError } from './runtime-errors.js'
import { serverClient, type ServerClient } from './server-client.js'

export { CliError, ServerError, errorNamingFlags } from './runtime-errors.js'
export { serverClient, dataOf, type ServerClient } from './server-client.js'

export function cliConfig(): Config {
  try {
    return loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message)
    throw error
  }
}

export function cliLog(config: Config): Log {
  // CLI output is for people: logs go to stderr at warn unless LOG_LEVEL says otherwise.
  const level = process.env.LOG_LEVEL ? config.logLevel : 'warn'
  return createLogger(level, process.stderr)
}

/** A remote server (SIGNALBOX_URL + SIGNALBOX_TOKEN) or the local one holding the data dir, if any. */
export function findServer(config: Config): ServerClient | null {
  const remoteUrl = process.env.SIGNALBOX_URL
  if (remoteUrl) {
    const token = process.env.SIGNALBOX_TOKEN
    if (!token) throw new CliError('SIGNALBOX_URL is set but SIGNALBOX_TOKEN is not: create an API token and export it')
    return serverClient(remoteUrl, token)
  }
  if (config.databaseUrl) return null
  const lock = readLiveLock(config.dataDir)
  if (!lock) return null
  // Another CLI command (or a server still starting) holds the data dir: there is no API to send the work to.
  if (!lockServesHttp(lock)) throw new CliError(describeLockHolder(lock, config.dataDir))
  const token = readLocalToken(config.dataDir)
  if (!token)
    throw new CliError(
      `The Signalbox server (pid ${lock.pid}) at ${lock.url} holds ${config.dataDir} but its local token (${config.dataDir}/local-token) is missing: restart that server`,
    )
  return serverClient(lock.url, token)
}

/** Opens the database for one command (taking the data dir lock) and closes it afterwards. */
export async function withLocalContext<T>(config: Config, work: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const release = config.databaseUrl ? () => {} : acquireDataDirLock(config.dataDir, 'cli')
  const log = cliLog(config)
  const [{ openDatabase }, { ensureDefaultWorkspace }] = await Promise.all([
    import('../db/open.js'),
    import('../modules/workspaces/index.js'),
    import('../modules/providers.js'),
  ])
  const database = await openDatabase(config, log).catch((error) => {
    release()
    throw error
  })
  try {
    const workspaceId = await ensureDefaultWorkspace({ database })
    return await work({ database, config, log, workspaceId, actor: { kind: 'system' } })
  } finally {
    await database.close()
    release()
  }
}

/** Runs `remote` against a running server when there is one, else `local` on the database. */
export async function viaServerOrLocal<T>(
  config: Config,
  handlers: { remote: (server: ServerClient) => Promise<T>; local: (ctx: ServiceContext) => Promise<T> },
): Promise<T> {
  const server = findServer(config)
  if (server) return handlers.remote(server)
  return withLocalContext(config, handlers.local)
}
