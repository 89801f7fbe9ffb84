// `signalbox topics list [--json]` and `signalbox topics add <name> [--description] [--color] [--icon] [--keywords a,b]`.
import type { Command } from 'commander'
import { cliConfig, CliError, dataOf, viaServerOrLocal } from '../../cli/runtime.js'
import { AppError, zodIssuesToDetails } from '../../lib/errors.js'
import { createTopic, listTopics, type TopicView } from './service.js'
import { createTopicSchema } from './topic-schema.js'

export function registerTopicsCommand(program: Command) {
  const topics = program.command('topics').description('Topics that messages are classified into')
  topics
    .command('list')
    .description('List the topics with their colour, keywords and message counts')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const config = cliConfig()
      const items = await viaServerOrLocal(config, {
        remote: async (server): Promise<TopicView[]> => (await dataOf(server.api.GET('/api/v1/topics'))).items,
        local: (ctx) => listTopics(ctx),
      })
      if (options.json) return void process.stdout.write(`${JSON.stringify(items, null, 2)}\n`)
      if (items.length === 0) return void process.stdout.write('No topics. Add one with: signalbox topics add <name>\n')
      for (const t of items) {
        const keywords = t.keywords.length ? `  [${t.keywords.join(', ')}]` : ''
        process.stdout.write(`${t.id}  ${t.color}  ${t.name}  (${t.messageCount} messages, ${t.labelledCount} labelled)${keywords}\n`)
      }
    })

  topics
    .command('add <name>')
    .description('Create a topic')
    .option('--description <text>')
    .option('--color <color>', '#RRGGBB or a Tailwind colour such as blue-500 (picked automatically when absent)')
    .option('--icon <icon>')
    .option('--keywords <list>', 'comma-separated words that point to this topic')
    .action(async (name: string, options: Record<string, string | undefined>) => {
      const parsed = createTopicSchema.safeParse({
        name,
        description: options.description,
        color: options.color,
        icon: options.icon,
        keywords: options.keywords
          ?.split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      })
      if (!parsed.success) {
        throw new CliError(
          zodIssuesToDetails(parsed.error.issues)
            .map((d) => `${d.path}: ${d.message}`)
            .join('; '),
        )
      }
      const config = cliConfig()
      const topic = await viaServerOrLocal(config, {
        remote: (server): Promise<TopicView> => dataOf(server.api.POST('/api/v1/topics', { body: parsed.data })),
        local: (ctx) => asCliError(() => createTopic(ctx, parsed.data)),
      })
      process.stdout.write(`${topic.id}  ${topic.color}  ${topic.name}\n`)
    })
}

/** Service errors become one line on stderr, as the server's answers do through the remote path. */
async function asCliError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message)
    throw error
  }
}
