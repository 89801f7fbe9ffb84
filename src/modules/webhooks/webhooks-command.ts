// `signalbox webhooks list|show|replay`: the webhook inbox from the command line.
import type { Command } from 'commander'
import { cliConfig, CliError, dataOf, viaServerOrLocal } from '../../cli/runtime.js'
import { formatIssues } from '../tasks/index.js'
import {
  deliveryFiltersSchema,
  getDelivery,
  listDeliveries,
  replayDeliveries,
  type DeliveryDetail,
  type DeliveryView,
} from './deliveries.js'

export function registerWebhooksCommand(program: Command) {
  const webhooks = program.command('webhooks').description('The webhook inbox: every delivery from connected services')
  webhooks
    .command('list')
    .description('List deliveries, newest first')
    .option('--status <status>', 'received | processing | processed | dead')
    .option('--source <id>', 'source id')
    .option('--limit <n>', 'how many', '50')
    .action(async (options: Record<string, string | undefined>) => {
      const parsed = deliveryFiltersSchema.safeParse({ status: options.status, sourceId: options.source, limit: options.limit })
      if (!parsed.success) throw new CliError(formatIssues(parsed.error.issues))
      const filters = parsed.data
      const config = cliConfig()
      const page = await viaServerOrLocal<{ items: DeliveryView[]; counts: Record<string, number> }>(config, {
        remote: (server) => dataOf(server.api.GET('/api/v1/webhooks/deliveries', { params: { query: filters } })),
        local: (ctx) => listDeliveries(ctx, filters),
      })
      process.stdout.write(
        `${
          Object.entries(page.counts)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ') || 'no deliveries'
        }\n`,
      )
      for (const d of page.items) {
        const error = d.lastError ? `  ${d.lastError.slice(0, 80)}` : ''
        process.stdout.write(
          `${String(d.id).padStart(8)}  ${d.receivedAt}  ${d.connector.padEnd(9)} ${d.eventType.padEnd(20)} ${d.status.padEnd(10)} tries=${d.attempts}${error}\n`,
        )
      }
    })
  webhooks
    .command('show <id>')
    .description('One delivery with its raw payload')
    .action(async (id: string) => {
      const config = cliConfig()
      const delivery = await viaServerOrLocal<DeliveryDetail>(config, {
        remote: (server) => dataOf(server.api.GET('/api/v1/webhooks/deliveries/{id}', { params: { path: { id: Number(id) } } })),
        local: (ctx) => getDelivery(ctx, Number(id)),
      })
      process.stdout.write(`${JSON.stringify(delivery, null, 2)}\n`)
    })
  webhooks
    .command('replay <ids...>')
    .description('Process deliveries again (dead ones after a fix, or processed ones)')
    .action(async (ids: string[]) => {
      const numbers = ids.map(Number)
      if (numbers.some((n) => !Number.isInteger(n) || n <= 0))
        throw new CliError('Delivery ids are positive integers (see signalbox webhooks list)')
      const config = cliConfig()
      const result = await viaServerOrLocal<{ replayed: number[] }>(config, {
        remote: (server) => dataOf(server.api.POST('/api/v1/webhooks/deliveries/replay', { body: { ids: numbers } })),
        local: (ctx) => replayDeliveries(ctx, numbers),
      })
      process.stdout.write(`replayed ${result.replayed.length} of ${numbers.length}: ${result.replayed.join(' ')}\n`)
    })
}
