// `signalbox analyze`, `signalbox proposals` and `signalbox review`: thin shells over the analysis services,
// on the local database or through the server that holds it (or SIGNALBOX_URL). `analyze schedule`: schedule-commands.ts.
import type { Command } from 'commander'
import { cliConfig, CliError, dataOf } from '../../cli/runtime.js'
import { formatIssues } from '../tasks/index.js'
import { createRunSchema, type CreateRunInput } from './run-schema.js'
import { createRun, getRun, type RunView } from './runs.js'
import { executeRun } from './execute-run.js'
import { projectIdLocally, projectIdThroughServer, viaServerOrLocal } from './command-runtime.js'
import { registerScheduleCommand } from './schedule-commands.js'
import { registerReviewCommands } from './review-commands.js'

const out = (line = '') => process.stdout.write(`${line}\n`)
const err = (line: string): void => void process.stderr.write(`${line}\n`)

const terminal = new Set(['completed', 'reviewed', 'closed', 'failed', 'cancelled'])

function progressLine(run: RunView): string {
  const c = run.counters
  if (run.status === 'pending') return `run ${run.id.slice(0, 8)} queued: waiting for a worker`
  return `run ${run.id.slice(0, 8)} ${run.status}: batch ${c.batchesDone}/${c.batchesCreated}, ${c.proposalsTotal} proposals, ${c.messagesAfterPrefilter}/${c.messagesInWindow} messages after prefilter`
}

export function printRunSummary(run: RunView) {
  const c = run.counters
  out(`Run ${run.id} ${run.status}`)
  out(`  window        ${run.timeWindowStart} .. ${run.timeWindowEnd}`)
  out(`  messages      ${c.messagesInWindow} in window, ${c.messagesAfterPrefilter} after prefilter`)
  out(`  batches       ${c.batchesDone}/${c.batchesCreated}`)
  out(`  tokens, cost  ${c.llmTokensUsed} tokens, $${c.costEstimate.toFixed(4)}`)
  out(
    `  proposals     ${c.proposalsTotal} (pending ${c.proposalsPending}, approved ${c.proposalsApproved}, rejected ${c.proposalsRejected}, merged ${c.proposalsMerged})`,
  )
  const s = run.suppression
  if (s.total > 0 || s.mergedIntoPending) {
    const reasons = Object.entries(s.byReason).map(([reason, n]) => `${n} ${reason}`)
    out(
      `  suppressed    ${s.total}${reasons.length ? ` (${reasons.join('; ')})` : ''}, ${s.mergedIntoPending ?? 0} merged into pending proposals`,
    )
  }
  if (s.heldOverBudget)
    out(
      `  held          ${s.heldOverBudget} over the volume budget of ${s.budget} (review them with --status held, or run with --per-25 off)`,
    )
  for (const e of run.errorLog.slice(-5)) out(`  error         ${e.batch !== undefined ? `batch ${e.batch}: ` : ''}${e.message}`)
  if (c.proposalsPending > 0) out(`Review them with: signalbox proposals --run ${run.id}`)
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
    .option('--per-25 <n|off>', 'volume budget: proposals surfaced per 25 analysed messages, the rest held (default 1)')
    .action(
      async (options: { since: string; from?: string; to?: string; project?: string; agent?: string; atoms: boolean; per25?: string }) => {
        const parsed = createRunSchema.safeParse({
          since: options.from ? undefined : options.since,
          from: options.from,
          to: options.to,
          agentId: options.agent,
          extractAtoms: options.atoms,
          proposalsPer25Messages: options.per25 === undefined ? undefined : options.per25 === 'off' ? null : Number(options.per25),
        })
        if (!parsed.success) throw new CliError(formatIssues(parsed.error.issues))
        const input: CreateRunInput = parsed.data
        const config = cliConfig()
        const run = await viaServerOrLocal(config, {
          remote: async (server) => {
            if (options.project) input.projectId = await projectIdThroughServer(server, options.project)
            let current: RunView = await dataOf(server.api.POST('/api/v1/analysis/runs', { body: { ...input, triggerType: 'manual' } }))
            let last = ''
            for (;;) {
              // Printed before the terminal check too, so the last progress line is the run's final state, never
              // the "queued" or half-way line seen before it finished.
              const line = progressLine(current)
              if (line !== last) err(line)
              last = line
              if (terminal.has(current.status)) return current
              await new Promise((resolve) => setTimeout(resolve, 1000))
              current = await dataOf(server.api.GET('/api/v1/analysis/runs/{id}', { params: { path: { id: current.id } } }))
            }
          },
          local: async (ctx) => {
            if (options.project) input.projectId = await projectIdLocally(ctx, options.project)
            const created = await createRun(ctx, input, 'manual')
            let last = ''
            await executeRun(ctx, created.id, {
              onProgress: ({ run }) => {
                const line = progressLine(run)
                if (line !== last) err(line)
                last = line
              },
            })
            return getRun(ctx, created.id)
          },
        })
        printRunSummary(run)
        if (run.status === 'failed') process.exitCode = 1
      },
    )
  // `analyze schedule` beside `analyze`'s own action. Both have --project, --agent and --no-atoms; commander gives
  // such an option to the parent unless every level stops reading options at its subcommand's name. The root
  // program has no options of its own, so this changes nothing for the other commands.
  program.enablePositionalOptions()
  analyze.enablePositionalOptions()
  registerScheduleCommand(analyze)
  registerReviewCommands(program)
}
