// `signalbox experiments run [--classifier local|model] [--agent ID] [--messages N]` and `signalbox experiments show <id>`.
import type { Command } from 'commander'
import { z } from 'zod'
import { cliConfig, CliError, dataOf, viaServerOrLocal } from '../../cli/runtime.js'
import { AppError, zodIssuesToDetails } from '../../lib/errors.js'
import { createExperiment, getExperiment, type ExperimentView } from './service.js'
import { createExperimentSchema } from './routes.js'

export function registerExperimentsCommand(program: Command) {
  const experiments = program.command('experiments').description('Topic classification experiments over labelled messages')
  experiments
    .command('run')
    .description('Run a classifier over messages with ground-truth topics and print its figures')
    .option('--classifier <kind>', 'local or model', 'local')
    .option('--agent <id>', 'the agent whose model answers (classifier model)')
    .option('--messages <n>', 'how many labelled messages, newest labels first', '100')
    .option('--json', 'print JSON')
    .action(async (options: { classifier: string; agent?: string; messages: string; json?: boolean }) => {
      const parsed = createExperimentSchema.safeParse({
        classifier: options.classifier,
        agentId: options.agent,
        messageCount: Number(options.messages),
      })
      if (!parsed.success) {
        throw new CliError(
          zodIssuesToDetails(parsed.error.issues)
            .map((d) => `${d.path}: ${d.message}`)
            .join('; '),
        )
      }
      const config = cliConfig()
      const experiment = await viaServerOrLocal(config, {
        remote: (server): Promise<ExperimentView> => dataOf(server.api.POST('/api/v1/experiments', { body: parsed.data })),
        // Without a server there is no worker: the experiment runs here, whatever its size.
        local: (ctx) => asCliError(() => createExperiment(ctx, { ...parsed.data, inline: true })),
      })
      print(experiment, options.json)
    })

  experiments
    .command('show <id>')
    .description("Print an experiment's status and figures")
    .option('--json', 'print JSON (with per-message results)')
    .action(async (id: string, options: { json?: boolean }) => {
      if (!z.uuid().safeParse(id).success) throw new CliError(`'${id}' is not an experiment id`)
      const config = cliConfig()
      const experiment = await viaServerOrLocal(config, {
        remote: (server): Promise<ExperimentView> =>
          dataOf(
            server.api.GET('/api/v1/experiments/{id}', { params: { path: { id }, query: { results: options.json ? 'true' : 'false' } } }),
          ),
        local: (ctx) => asCliError(() => getExperiment(ctx, id, { withResults: Boolean(options.json) })),
      })
      print(experiment, options.json)
    })
}

function print(e: ExperimentView, json?: boolean) {
  if (json) return void process.stdout.write(`${JSON.stringify(e, null, 2)}\n`)
  const pct = (v: number | null) => (v == null ? '-' : `${(v * 100).toFixed(1)}%`)
  process.stdout.write(
    `${e.id}  ${e.status}  ${e.classifier}/${e.modelName}  messages=${e.messageCount}  accuracy=${pct(e.accuracy)}  ` +
      `avg_confidence=${e.avgConfidence ?? '-'}  avg_ms=${e.avgExecutionTimeMs ?? '-'}\n`,
  )
  if (e.errorMessage) process.stdout.write(`error: ${e.errorMessage}\n`)
  for (const t of e.perTopic) {
    process.stdout.write(`  ${t.name.padEnd(24)} support=${t.support}  precision=${pct(t.precision)}  recall=${pct(t.recall)}\n`)
  }
}

async function asCliError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message)
    throw error
  }
}
