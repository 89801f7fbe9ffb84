// The `source` search filter as people write it: a source's name ("team-slack"), its type ("slack": every source of
// that type) or its id. Resolved to source ids before ranking; naming nothing that exists is an error that lists
// what does, rather than an empty result.
import type { ServiceContext } from '../../lib/context.js'
import { ValidationError } from '../../lib/errors.js'
import { listWorkspaceSourceRows } from '../sources/index.js'

export async function resolveSourceFilter(ctx: ServiceContext, source: string): Promise<string[]> {
  const sources = (await listWorkspaceSourceRows(ctx)).sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name))
  const wanted = source.trim().toLowerCase()
  const matching = sources.filter((s) => s.id === wanted || s.type === wanted || s.name.toLowerCase() === wanted)
  if (matching.length > 0) return matching.map((s) => s.id)
  const known = sources.map((s) => `${s.type} "${s.name}"`).join(', ')
  throw new ValidationError(`No source named or of type "${source}"`, [
    { path: 'source', message: known ? `use a source name or type: ${known}` : 'nothing has been imported yet' },
  ])
}
