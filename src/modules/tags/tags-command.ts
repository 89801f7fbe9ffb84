// `signalbox tags list|add|rename|delete|set|show`: the tags of the workspace on the command line, through a running
// server when SIGNALBOX_URL is set, else on the local database.
import type { Command } from 'commander'
import { cliConfig, CliError, dataOf, viaServerOrLocal, type ServerClient } from '../../cli/runtime.js'
import { formatIssues } from '../tasks/index.js'
import { taggableKindSchema, tagInputSchema, type TagView } from './tag-schema.js'
import { createTag, deleteTag, getTag, listEntitiesByTag, listTags, updateTag } from './service.js'
import { setEntityTags } from './entity-tags.js'

function printTags(items: TagView[]) {
  if (items.length === 0) process.stdout.write('No tags.\n')
  for (const tag of items) {
    process.stdout.write(`${tag.id}  ${tag.name.padEnd(24)} ${(tag.type ?? '-').padEnd(9)} ${String(tag.usage).padStart(5)} uses\n`)
  }
}

/** The server's id of a tag named by id or name. */
async function remoteTagId(server: ServerClient, tag: string): Promise<string> {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tag)) return tag
  const found = await dataOf(server.api.GET('/api/v1/tags', { params: { query: { q: tag } } }))
  const id = found.items.find((t: { name: string }) => t.name.toLowerCase() === tag.toLowerCase())?.id
  if (!id) throw new CliError(`No tag '${tag}'`)
  return id
}

export function registerTagsCommand(program: Command) {
  const tags = program.command('tags').description('Tags (area / resource) on tasks, projects, people, notes ...')
  tags
    .command('list')
    .description('List tags with how many things carry each')
    .option('--type <type>', 'area or resource')
    .action(async (options: { type?: string }) => {
      const config = cliConfig()
      const type = options.type as 'area' | 'resource' | undefined
      const items = await viaServerOrLocal(config, {
        remote: async (server) => (await dataOf(server.api.GET('/api/v1/tags', { params: { query: { type } } }))).items,
        local: (ctx) => listTags(ctx, { type }),
      })
      printTags(items)
    })
  tags
    .command('add <name>')
    .description('Create a tag')
    .option('--type <type>', 'area or resource')
    .option('--description <text>')
    .action(async (name: string, options: { type?: string; description?: string }) => {
      const parsed = tagInputSchema.safeParse({ name, type: options.type, description: options.description })
      if (!parsed.success) throw new CliError(formatIssues(parsed.error.issues))
      const body = parsed.data
      const tag = await viaServerOrLocal(cliConfig(), {
        remote: (server) => dataOf(server.api.POST('/api/v1/tags', { body })),
        local: (ctx) => createTag(ctx, body),
      })
      printTags([tag])
    })
  tags
    .command('rename <tag> <newName>')
    .description('Rename a tag (by id or name)')
    .action(async (tag: string, newName: string) => {
      const renamed = await viaServerOrLocal(cliConfig(), {
        remote: async (server) => {
          const id = await remoteTagId(server, tag)
          return dataOf(server.api.PATCH('/api/v1/tags/{id}', { params: { path: { id } }, body: { name: newName } }))
        },
        local: (ctx) => updateTag(ctx, tag, { name: newName }),
      })
      printTags([renamed])
    })
  tags
    .command('delete <tag>')
    .description('Delete a tag (by id or name); the things it was on keep their other tags')
    .action(async (tag: string) => {
      await viaServerOrLocal(cliConfig(), {
        remote: async (server) => {
          const id = await remoteTagId(server, tag)
          await server.api.DELETE('/api/v1/tags/{id}', { params: { path: { id } } })
        },
        local: (ctx) => deleteTag(ctx, tag),
      })
      process.stdout.write(`Deleted tag ${tag}.\n`)
    })
  tags
    .command('set <kind> <id> [names...]')
    .description('Give a task, project, person ... exactly these tags (none clears them)')
    .action(async (kindText: string, entityId: string, names: string[]) => {
      const kind = taggableKindSchema.safeParse(kindText)
      if (!kind.success) throw new CliError(`kind: ${formatIssues(kind.error.issues)}`)
      const result = await viaServerOrLocal(cliConfig(), {
        remote: async (server) =>
          (
            await dataOf(
              server.api.PUT('/api/v1/tagged/{kind}/{entityId}', {
                params: { path: { kind: kind.data, entityId } },
                body: { tags: names },
              }),
            )
          ).items,
        local: (ctx) => setEntityTags(ctx, kind.data, entityId, names),
      })
      process.stdout.write(`${kind.data} ${entityId}: ${result.map((t: { name: string }) => t.name).join(', ') || '(no tags)'}\n`)
    })
  tags
    .command('show <tag>')
    .description('What carries a tag (by id or name)')
    .action(async (tag: string) => {
      const result = await viaServerOrLocal(cliConfig(), {
        remote: async (server) => {
          const id = await remoteTagId(server, tag)
          return dataOf(server.api.GET('/api/v1/tags/{id}/entities', { params: { path: { id } } }))
        },
        local: async (ctx) => listEntitiesByTag(ctx, (await getTag(ctx, tag)).id),
      })
      process.stdout.write(`${result.tag.name} (${result.tag.type ?? 'untyped'}): ${result.items.length} tagged\n`)
      for (const item of result.items) process.stdout.write(`  ${item.kind.padEnd(8)} ${item.entityId}\n`)
    })
}
