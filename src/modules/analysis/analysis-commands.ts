// `signalbox analyze`, `signalbox proposals` and `signalbox review`: thin shells over the analysis services,
// on the local database or through the server that holds it (or SIGNALBOX_URL). `analyze schedule`: schedule-commands.ts.
import type { Command } from 'commander'
import { cliConfig, CliError } from '../../cli/runtime.js'
import { formatIssues } from '../tasks/index.js'
import { createRunSchema, proposalFiltersSchema, reviewSchema, type CreateRunInput } from './run-schema.js'
import { createRun, getRun, type RunView } from './runs.js'
import { executeRun } from './execute-run.js'
import { listProposals, type ProposalView } from './proposals.js'
import { reviewProposal } from './review.js'
import { projectIdLocally, projectIdThroughServer, viaServerOrLocal } from './command-runtime.js'
import { registerScheduleCommand } from './schedule-commands.js'

const out = (line = '') => process.stdout.write(`${line}\n`)
const err = (line: string): void => void process.stderr.write(`${line}\n`)

const terminal = new Set(['completed', 'reviewed', 'closed', 'failed', 'cancelled'])

function progressLine(run: RunView): string {
  const c = run.counters
  return `run ${run.id.slice(0, 8)} ${run.status}: batch ${c.batchesDone}/${c.batchesCreated}, ${c.proposalsTotal} proposals, ${c.messagesAfterPrefilter}/${c.messagesInWindow} messages after prefilter`
}

export function printRunSummary(run: RunView) {
  const c = run.counters
  out(`Run ${run.id} ${run.status}`)
  out(`  window        ${run.timeWindowStart} .. ${run.timeWindowEnd}`)
  out(`  messages      ${c.messagesInWindow} in window, ${c.messagesAfterPrefilter} after prefilter`)
  out(`  batches       ${c.batchesDone}/${c.batchesCreated}`)
  out(`  tokens, cost  ${c.llmTokensUsed} tokens, $${c.costEstimate.toFixed(4)}`)
  out(`  proposals     ${c.proposalsTotal} (pending ${c.proposalsPending}, approved ${c.proposalsApproved}, rejected ${c.proposalsRejected}, merged ${c.proposalsMerged})`)
  for (const e of run.errorLog.slice(-5)) out(`  error         ${e.batch !== undefined ? `batch ${e.batch}: ` : ''}${e.message}`)
  if (c.proposalsPending > 0) out(`Review them with: signalbox proposals --run ${run.id}`)
}

function printProposal(p: ProposalView) {
  const what = p.kind === 'atom' ? `atom:${p.atomType}` : `${p.priority}/${p.category}`
  const similar = p.similarity.type !== 'none' ? ` similar(${p.similarity.type} ${p.similarity.score ?? ''}) ${p.similarity.taskId}` : ''
  out(`${p.id}  ${p.status.padEnd(8)} ${what.padEnd(18)} ${p.confidence.toFixed(2)}  ${p.title}`)
  out(`    ${p.messageCount} message(s), recommendation ${p.llmRecommendation}${similar}${p.project.id ? `, project ${p.project.id} [${p.project.keywordsMatched.join(', ')}]` : ''}`)
}

export function registerAnalysisCommands(program: Command) {
  const analyze = program
    .command('analyze')
    .description('Analyse a time window of conversations and propose tasks and knowledge; waits and prints a summary')
    .option('--since <duration>', 'window ending now: 90m, 12h, 7d, 2w', '7d')
    .option('--from <iso>', 'window start (instead of --since)')
    .option('--to <iso>', 'window end (default now)')
    .option('--project <idOrName>', 'classify everything into this project')
    .option('--agent <id>', 'LLM agent to use (default: the one assigned to task_extraction, else the local analyser)')
    .option('--no-atoms', 'propose tasks only')
    .action(async (options: { since: string; from?: string; to?: string; project?: string; agent?: string; atoms: boolean }) => {
      const parsed = createRunSchema.safeParse({
        since: options.from ? undefined : options.since,
        from: options.from,
        to: options.to,
        agentId: options.agent,
        extractAtoms: options.atoms,
      })
      if (!parsed.success) throw new CliError(formatIssues(parsed.error.issues))
      const input: CreateRunInput = parsed.data
      const config = cliConfig()
      const run = await viaServerOrLocal(config, {
        remote: async (server) => {
          if (options.project) input.projectId = await projectIdThroughServer(server, options.project)
          let current = await server.request<RunView>('POST', '/api/v1/analysis/runs', input)
          let last = ''
          while (!terminal.has(current.status)) {
            const line = progressLine(current)
            if (line !== last) err(line)
            last = line
            await new Promise((resolve) => setTimeout(resolve, 1000))
            current = await server.request<RunView>('GET', `/api/v1/analysis/runs/${current.id}`)
          }
          return current
        },
        local: async (ctx) => {
          if (options.project) input.projectId = await projectIdLocally(ctx, options.project)
          const created = await createRun(ctx, input, 'manual')
          await executeRun(ctx, created.id, { onProgress: ({ run }) => err(progressLine(run)) })
          return getRun(ctx, created.id)
        },
      })
      printRunSummary(run)
      if (run.status === 'failed') process.exitCode = 1
    })
  // `analyze schedule` beside `analyze`'s own action. Both have --project, --agent and --no-atoms; commander gives
  // such an option to the parent unless every level stops reading options at its subcommand's name. The root
  // program has no options of its own, so this changes nothing for the other commands.
  program.enablePositionalOptions()
  analyze.enablePositionalOptions()
  registerScheduleCommand(analyze)

  program
    .command('proposals')
    .description('List proposals (pending by default)')
    .option('--run <id>', 'only this run')
    .option('--status <status>', 'pending | approved | rejected | merged', 'pending')
    .option('--kind <kind>', 'task | atom')
    .option('--limit <n>', 'how many', '100')
    .option('--json', 'print JSON')
    .action(async (options: { run?: string; status: string; kind?: string; limit: string; json?: boolean }) => {
      const parsed = proposalFiltersSchema.safeParse({ runId: options.run, status: options.status, kind: options.kind, limit: options.limit })
      if (!parsed.success) throw new CliError(formatIssues(parsed.error.issues))
      const filters = parsed.data
      const page = await viaServerOrLocal(cliConfig(), {
        remote: (server) => {
          const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))
          return server.request<{ items: ProposalView[]; total: number }>('GET', `/api/v1/proposals?${query}`)
        },
        local: (ctx) => listProposals(ctx, filters),
      })
      if (options.json) out(JSON.stringify(page.items, null, 2))
      else if (page.items.length === 0) out('No proposals.')
      else {
        page.items.forEach(printProposal)
        out(`${page.items.length} of ${page.total}`)
      }
    })

  program
    .command('review')
    .description('Review a proposal: approve, reject (with --reason) or merge (into --into TASK or its similar task)')
    .argument('<id>', 'proposal id')
    .argument('<action>', 'approve | reject | merge')
    .option('--into <taskId>', 'task to merge into')
    .option('--reason <text>', 'why (required to reject)')
    .action(async (id: string, action: string, options: { into?: string; reason?: string }) => {
      if (action === 'reject' && !options.reason) throw new CliError('--reason is required to reject')
      const parsed = reviewSchema.safeParse({ action, reason: options.reason, ...(action === 'merge' && options.into ? { intoTaskId: options.into } : {}) })
      if (!parsed.success) throw new CliError(formatIssues(parsed.error.issues))
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new CliError(`${id}: not a proposal id`)
      const proposal = await viaServerOrLocal(cliConfig(), {
        remote: (server) => server.request<ProposalView>('POST', `/api/v1/proposals/${id}/review`, parsed.data),
        local: (ctx) => reviewProposal(ctx, id, parsed.data),
      })
      out(`Proposal ${proposal.id} ${proposal.status}${proposal.createdTaskId ? ` -> task ${proposal.createdTaskId}` : ''}${proposal.createdAtomId ? ` -> atom ${proposal.createdAtomId}` : ''}`)
    })
}
