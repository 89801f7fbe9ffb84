// `signalbox proposals` and `signalbox review`: listing (paged past any size with --all), one proposal by id or
// short id prefix, and bulk review of a selection (`review --run R --below 0.5 reject`). Thin shells over the
// same services as the API, on the local database or through the server that holds it.
import type { Command } from 'commander'
import { cliConfig, CliError, dataOf, type ServerClient } from '../../cli/runtime.js'
import type { ServiceContext } from '../../lib/context.js'
import { formatIssues } from '../tasks/index.js'
import { bulkReviewSchema, proposalFiltersSchema, proposalSelectionSchema, reviewSchema, type ProposalFilters } from './run-schema.js'
import { listProposals, resolveProposalId, type ProposalView } from './proposals.js'
import { reviewProposal } from './review.js'
import { reviewProposalsInBulk, type BulkOutcome } from './bulk-review.js'
import { projectIdLocally, projectIdThroughServer, viaServerOrLocal } from './command-runtime.js'

const out = (line = '') => process.stdout.write(`${line}\n`)
const actions = ['approve', 'reject', 'merge']
/** The CLI prints ids this long; any unique prefix of 4+ characters is accepted back. */
export const shortIdLength = 8

function printProposal(p: ProposalView) {
  const what = p.kind === 'atom' ? `atom:${p.atomType}` : `${p.priority}/${p.category}`
  const similar = p.similarity.type !== 'none' ? ` similar(${p.similarity.type} ${p.similarity.score ?? ''}) ${p.similarity.taskId}` : ''
  out(`${p.id.slice(0, shortIdLength)}  ${p.status.padEnd(8)} ${what.padEnd(18)} ${p.confidence.toFixed(2)}  ${p.title}`)
  out(
    `    ${p.messageCount} message(s)${similar}${p.project.id ? `, project ${p.project.id.slice(0, shortIdLength)} [${p.project.keywordsMatched.join(', ')}]` : ''}`,
  )
  if (p.reasoning) out(`    why: ${p.reasoning}`)
}

type Page = { items: ProposalView[]; total: number }
const fetchPage = (filters: ProposalFilters) => ({
  remote: (server: ServerClient): Promise<Page> => dataOf(server.api.GET('/api/v1/proposals', { params: { query: filters } })),
  local: (ctx: ServiceContext) => listProposals(ctx, filters),
})

type SelectionOptions = {
  run?: string
  kind?: string
  below?: string
  min?: string
  conversation?: string
  source?: string
  project?: string
}

function withSelectionOptions(command: Command): Command {
  return command
    .option('--run <id>', 'only this run')
    .option('--kind <kind>', 'task | atom')
    .option('--below <confidence>', 'only confidence below this (0..1)')
    .option('--min <confidence>', 'only confidence at least this (0..1)')
    .option('--conversation <id>', 'only this conversation')
    .option('--source <id>', 'only this source')
    .option('--project <idOrName>', 'only this project')
}

function selectionFrom(options: SelectionOptions) {
  return {
    runId: options.run,
    kind: options.kind,
    belowConfidence: options.below,
    minConfidence: options.min,
    conversationId: options.conversation,
    sourceId: options.source,
  }
}

const selectsSomething = (options: SelectionOptions) =>
  [options.run, options.kind, options.below, options.min, options.conversation, options.source, options.project].some(
    (v) => v !== undefined,
  )

export function registerReviewCommands(program: Command) {
  withSelectionOptions(
    program.command('proposals').description('List proposals (pending by default), highest confidence first with --sort confidence'),
  )
    .option('--status <status>', 'pending | held | approved | rejected | merged', 'pending')
    .option('--sort <order>', 'created | confidence', 'created')
    .option('--limit <n>', 'how many per page (max 500)', '100')
    .option('--offset <n>', 'skip this many', '0')
    .option('--all', 'every matching proposal, page after page')
    .option('--json', 'print JSON')
    .action(
      async (
        options: SelectionOptions & { status: string; sort: string; limit: string; offset: string; all?: boolean; json?: boolean },
      ) => {
        const parsed = proposalFiltersSchema.safeParse({
          ...selectionFrom(options),
          status: options.status,
          sort: options.sort,
          limit: options.limit,
          offset: options.offset,
        })
        if (!parsed.success) throw new CliError(formatIssues(parsed.error.issues))
        const filters = parsed.data
        const items: ProposalView[] = []
        let total = 0
        await viaServerOrLocal(cliConfig(), {
          remote: async (server) => {
            if (options.project) filters.projectId = await projectIdThroughServer(server, options.project)
            for (;;) {
              const page = await fetchPage({ ...filters, offset: filters.offset + items.length }).remote(server)
              items.push(...page.items)
              total = page.total
              if (!options.all || page.items.length === 0 || filters.offset + items.length >= page.total) return
            }
          },
          local: async (ctx) => {
            if (options.project) filters.projectId = await projectIdLocally(ctx, options.project)
            for (;;) {
              const page = await fetchPage({ ...filters, offset: filters.offset + items.length }).local(ctx)
              items.push(...page.items)
              total = page.total
              if (!options.all || page.items.length === 0 || filters.offset + items.length >= page.total) return
            }
          },
        })
        if (options.json) out(JSON.stringify(items, null, 2))
        else if (items.length === 0) out('No proposals.')
        else {
          items.forEach(printProposal)
          const shown = `${filters.offset + 1}-${filters.offset + items.length} of ${total}`
          out(filters.offset + items.length < total ? `${shown} (next: --offset ${filters.offset + items.length}, or --all)` : shown)
        }
      },
    )

  withSelectionOptions(
    program
      .command('review')
      .description(
        'Review one proposal (`review ID approve|reject|merge`, ID = full id or a unique prefix) or, with selection flags, every pending one they select (`review --run R --below 0.5 reject`)',
      ),
  )
    .argument('<idOrAction>', 'proposal id or id prefix; or, with selection flags, the action')
    .argument('[action]', 'approve | reject | merge')
    .option('--into <taskId>', 'task to merge into')
    .option('--reason <text>', 'why (required to reject one proposal; bulk rejections default to "Rejected in bulk")')
    .action(async (first: string, second: string | undefined, options: SelectionOptions & { into?: string; reason?: string }) => {
      if (second === undefined && actions.includes(first)) return reviewSelection(first, options)
      if (selectsSomething(options))
        throw new CliError('Give either a proposal id and an action, or selection flags and an action, not both')
      if (!second) throw new CliError('Missing action: approve | reject | merge')
      if (second === 'reject' && !options.reason) throw new CliError('--reason is required to reject')
      const parsed = reviewSchema.safeParse({
        action: second,
        reason: options.reason,
        ...(second === 'merge' && options.into ? { intoTaskId: options.into } : {}),
      })
      if (!parsed.success) throw new CliError(formatIssues(parsed.error.issues))
      if (!/^[0-9a-f-]{4,36}$/i.test(first)) throw new CliError(`${first}: not a proposal id or id prefix (4+ hex digits)`)
      const proposal = await viaServerOrLocal(cliConfig(), {
        remote: async (server) => {
          const id = await resolveThroughServer(server, first)
          const proposal: ProposalView = await dataOf(
            server.api.POST('/api/v1/proposals/{id}/review', { params: { path: { id } }, body: parsed.data }),
          )
          return proposal
        },
        local: async (ctx) => reviewProposal(ctx, await resolveProposalId(ctx, first), parsed.data),
      })
      out(
        `Proposal ${proposal.id} ${proposal.status}${proposal.createdTaskId ? ` -> task ${proposal.createdTaskId}` : ''}${proposal.createdAtomId ? ` -> atom ${proposal.createdAtomId}` : ''}`,
      )
    })
}

async function resolveThroughServer(server: ServerClient, idOrPrefix: string): Promise<string> {
  if (idOrPrefix.length === 36) return idOrPrefix
  const page: Page = await dataOf(server.api.GET('/api/v1/proposals', { params: { query: { idPrefix: idOrPrefix, limit: 3 } } }))
  if (page.items.length === 0) throw new CliError(`${idOrPrefix}: no such proposal`)
  if (page.items.length > 1)
    throw new CliError(
      `${idOrPrefix} matches several proposals (${page.items.map((p) => p.id.slice(0, 12)).join(', ')}…): give more characters`,
    )
  return page.items[0].id
}

async function reviewSelection(action: string, options: SelectionOptions & { reason?: string }) {
  if (!selectsSomething(options))
    throw new CliError(
      `Name the proposal (review ID ${action}) or select proposals with --run, --below, --min, --kind, --conversation, --source or --project`,
    )
  if (action === 'merge') throw new CliError('merge works on one proposal at a time: review ID merge')
  const selection = proposalSelectionSchema.omit({ status: true }).safeParse(selectionFrom(options))
  if (!selection.success) throw new CliError(formatIssues(selection.error.issues))
  const outcome = await viaServerOrLocal<BulkOutcome>(cliConfig(), {
    remote: async (server) => {
      const filter = { ...selection.data, projectId: options.project ? await projectIdThroughServer(server, options.project) : undefined }
      const body = bulkReviewSchema.parse({ filter, action, reason: options.reason })
      const outcome: BulkOutcome = await dataOf(server.api.POST('/api/v1/proposals/bulk', { body }))
      return outcome
    },
    local: async (ctx) => {
      const filter = { ...selection.data, projectId: options.project ? await projectIdLocally(ctx, options.project) : undefined }
      return reviewProposalsInBulk(ctx, bulkReviewSchema.parse({ filter, action, reason: options.reason }))
    },
  })
  const verb = action === 'approve' ? 'approved' : 'rejected'
  out(`${outcome.succeeded} proposal(s) ${verb}${outcome.failed ? `, ${outcome.failed} failed` : ''}`)
  for (const r of outcome.results.filter((r) => !r.ok).slice(0, 10)) out(`  ${r.id.slice(0, shortIdLength)}: ${r.error?.message}`)
}
