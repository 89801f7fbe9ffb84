// What the analysis CLI commands share: the server-or-local switch with typed errors as one line, and
// resolving `--project <idOrName>` the same way on the server and locally.
import { cliConfig, CliError, dataOf, viaServerOrLocal as viaServerOrLocalRaw, type ServerClient } from '../../cli/runtime.js'
import { AppError } from '../../lib/errors.js'
import type { ServiceContext } from '../../lib/context.js'
import { z } from 'zod'
import { findProjectByIdOrName, type ProjectView } from '../projects/index.js'

/** Typed service errors become one-line CLI errors (with the field paths), not stack traces. */
export async function viaServerOrLocal<T>(
  config: ReturnType<typeof cliConfig>,
  handlers: { remote: (server: ServerClient) => Promise<T>; local: (ctx: ServiceContext) => Promise<T> },
): Promise<T> {
  try {
    return await viaServerOrLocalRaw(config, handlers)
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    const details = Array.isArray(error.details) ? ` (${error.details.map((d) => `${d.path}: ${d.message}`).join('; ')})` : ''
    throw new CliError(`${error.message}${details}`)
  }
}

const isUuid = (value: string) => z.uuid().safeParse(value).success

// An id is looked up as such (the list's q searches names and descriptions only), a name among the list's matches.
export async function projectIdThroughServer(server: ServerClient, idOrName: string): Promise<string> {
  const byId: ProjectView | null = isUuid(idOrName)
    ? await dataOf(server.api.GET('/api/v1/projects/{id}', { params: { path: { id: idOrName } } })).catch(() => null)
    : null
  if (byId) return byId.id
  const { items }: { items: ProjectView[] } = await dataOf(server.api.GET('/api/v1/projects', { params: { query: { q: idOrName } } }))
  const found = items.find((p) => p.name.toLowerCase() === idOrName.toLowerCase())
  if (!found) throw new CliError(`No project '${idOrName}'`)
  return found.id
}

export async function projectIdLocally(ctx: ServiceContext, idOrName: string): Promise<string> {
  return (await findProjectByIdOrName(ctx, idOrName)).id
}
