// `signalbox sources list|pause|resume|sync`: the sources (their names and types are what `search --source`
// takes), their state and counts, and the controls of connected ones.
import type { Command } from 'commander'
import { cliConfig, CliError, dataOf, viaServerOrLocal } from '../../cli/runtime.js'
import { getSource, listSources, setSourcePaused, type SourceView } from './service.js'
import { requestSourceSync, type SyncResult } from './sync.js'

function ago(iso: string | null): string {
  if (!iso) return 'never'
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000))
  if (seconds < 120) return `${seconds}s ago`
  if (seconds < 7200) return `${Math.round(seconds / 60)}m ago`
  if (seconds < 172800) return `${Math.round(seconds / 3600)}h ago`
  return `${Math.round(seconds / 86400)}d ago`
}

export function formatSourceLine(s: SourceView): string {
  const failing =
    s.state === 'failing' ? ` (${s.consecutiveFailures} failures, next try ${s.nextRetryAt ?? 'soon'}: ${s.lastError ?? ''})` : ''
  return `${s.id}  ${s.type.padEnd(9)} ${s.state.padEnd(9)} ${String(s.messageCount).padStart(8)} msgs ${String(s.conversationCount).padStart(5)} convs  last ${ago(s.lastMessageAt).padEnd(9)}  ${s.name}${failing}`
}

/** Accepts a source's id, or its exact name (case-insensitive) when that is unambiguous. */
async function resolveSourceId(config: ReturnType<typeof cliConfig>, ref: string): Promise<string> {
  if (/^[0-9a-f-]{36}$/i.test(ref)) return ref
  const items = await viaServerOrLocal(config, {
    remote: async (server): Promise<SourceView[]> => (await dataOf(server.api.GET('/api/v1/sources'))).items,
    local: (ctx) => listSources(ctx),
  })
  const matches = items.filter((s) => s.name.toLowerCase() === ref.toLowerCase())
  if (matches.length !== 1)
    throw new CliError(
      matches.length === 0 ? `No source named '${ref}' (see signalbox sources list)` : `Several sources are named '${ref}': use the id`,
    )
  return matches[0].id
}

export function registerSourcesCommand(program: Command) {
  const sources = program.command('sources').description('Where messages come from: imports and connected accounts')
  sources
    .command('list')
    .description('List sources with their type, state and message counts (names usable with search --source)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const config = cliConfig()
      const items = await viaServerOrLocal(config, {
        remote: async (server): Promise<SourceView[]> => (await dataOf(server.api.GET('/api/v1/sources'))).items,
        local: (ctx) => listSources(ctx),
      })
      if (options.json) return void process.stdout.write(`${JSON.stringify(items, null, 2)}\n`)
      if (items.length === 0) return void process.stdout.write('No sources yet: import an export or connect an account.\n')
      process.stdout.write(
        `${'id'.padEnd(36)}  ${'type'.padEnd(9)} ${'state'.padEnd(9)} ${'messages'.padStart(13)} ${'convs'.padStart(11)}  last message     name\n`,
      )
      for (const s of items) process.stdout.write(`${formatSourceLine(s)}\n`)
    })
  for (const [verb, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    sources
      .command(`${verb} <source>`)
      .description(`${verb === 'pause' ? 'Pause' : 'Resume'} a connected source (id or name)`)
      .action(async (ref: string) => {
        const config = cliConfig()
        const id = await resolveSourceId(config, ref)
        const view = await viaServerOrLocal(config, {
          remote: (server): Promise<SourceView> =>
            dataOf(
              server.api.POST(verb === 'pause' ? '/api/v1/sources/{id}/pause' : '/api/v1/sources/{id}/resume', {
                params: { path: { id } },
              }),
            ),
          local: (ctx) => setSourcePaused(ctx, id, paused),
        })
        process.stdout.write(`${formatSourceLine(view)}\n`)
      })
  }
  sources
    .command('sync <source>')
    .description('Pull from a connected source now (id or name)')
    .action(async (ref: string) => {
      const config = cliConfig()
      const id = await resolveSourceId(config, ref)
      const outcome = await viaServerOrLocal<{ queued: boolean; result?: SyncResult }>(config, {
        remote: (server) => dataOf(server.api.POST('/api/v1/sources/{id}/sync', { params: { path: { id } } })),
        local: async (ctx) => {
          await getSource(ctx, id)
          return requestSourceSync(ctx, id)
        },
      })
      if (outcome.queued) return void process.stdout.write('Sync queued; `signalbox sources list` shows its outcome.\n')
      const r = outcome.result!
      process.stdout.write(
        `sync ${r.status}: fetched=${r.fetched} stored=${r.stored} skipped=${r.skipped} errors=${r.errors}${r.error ? ` (${r.error})` : ''}\n`,
      )
      if (r.status === 'failed') process.exitCode = 1
    })
}
