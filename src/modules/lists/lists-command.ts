// `signalbox lists [show LIST] | create NAME --kind K | add LIST TITLE [fields] | set LIST ITEM [fields] | remove LIST ITEM`.
// LIST is a list's id or name; an item's fields are checked against the list's kind by the same service as the API.
import type { Command } from 'commander'
import { cliConfig, CliError, dataOf, errorNamingFlags, viaServerOrLocal, type ServerClient } from '../../cli/runtime.js'
import type { ServiceContext } from '../../lib/context.js'
import type { ListItemBody } from './item-fields.js'
import type { ListItemView, ListView } from './list-schema.js'
import { addListItem, createList, deleteListItem, findList, listListItems, listLists, updateListItem } from './lists-service.js'
import { listKinds } from './schema.js'

type Options = Record<string, string | boolean | string[] | undefined>

const itemFlags = {
  title: 'TITLE',
  status: '--status',
  rating: '--rating',
  notes: '--notes',
  mediaType: '--type',
  year: '--year',
  platform: '--platform',
  hoursPlayed: '--hours',
  fields: '--field',
}
const print = (text: string): void => void process.stdout.write(`${text}\n`)

function run<T>(handlers: { remote: (server: ServerClient) => Promise<T>; local: (ctx: ServiceContext) => Promise<T> }): Promise<T> {
  return viaServerOrLocal(cliConfig(), handlers).catch((error) => {
    throw errorNamingFlags(error, itemFlags)
  })
}

/** A list by id or name through the server (which takes ids only) or the local service. */
async function remoteList(server: ServerClient, idOrName: string): Promise<ListView> {
  const all: { items: ListView[] } = await dataOf(server.api.GET('/api/v1/lists', { params: { query: {} } }))
  const found = all.items.find((l) => l.id === idOrName || l.name.toLowerCase() === idOrName.toLowerCase())
  if (!found) throw new CliError(`No list "${idOrName}": see \`signalbox lists\``)
  return found
}

function numberFlag(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n)) throw new CliError(`${flag}: "${String(value)}" is not a number`)
  return n
}

/** The item fields given as flags; only those present are sent, so `set` changes just them. */
function itemBody(options: Options, title?: string): ListItemBody {
  const fields: Record<string, string> = {}
  for (const pair of (options.field as string[] | undefined) ?? []) {
    const at = pair.indexOf('=')
    if (at < 1) throw new CliError(`--field: "${pair}" is not NAME=VALUE`)
    fields[pair.slice(0, at)] = pair.slice(at + 1)
  }
  const body: Record<string, unknown> = {
    title: title ?? options.title,
    status: options.status,
    rating: numberFlag(options.rating, '--rating'),
    notes: options.notes,
    mediaType: options.type,
    year: numberFlag(options.year, '--year'),
    platform: options.platform,
    hoursPlayed: numberFlag(options.hours, '--hours'),
    fields: Object.keys(fields).length > 0 ? fields : undefined,
  }
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as ListItemBody
}

function itemLine(item: ListItemView): string {
  const extra = [
    item.mediaType,
    item.year,
    item.platform,
    item.hoursPlayed != null ? `${item.hoursPlayed} h` : null,
    item.rating != null ? `${item.rating}/10` : null,
    ...Object.entries(item.fields).map(([k, v]) => `${k}=${v}`),
  ].filter((v) => v != null && v !== '')
  return `${item.id}  ${(item.status ?? '-').padEnd(13)} ${item.title}${extra.length ? `  (${extra.join(', ')})` : ''}`
}

function withItemOptions(command: Command): Command {
  return command
    .option('--status <status>', 'watchlist: watching | completed | plan_to_watch; games: playing | completed | backlog')
    .option('--rating <1-10>')
    .option('--notes <text>')
    .option('--type <media>', 'watchlist: movie | tv | anime')
    .option('--year <year>', 'watchlist: release year')
    .option('--platform <platform>', 'games: PC, PS5, Switch, ...')
    .option('--hours <hours>', 'games: hours played')
    .option('--field <name=value>', 'custom lists: a free field (repeatable)', (value: string, previous: string[] = []) => [
      ...previous,
      value,
    ])
}

export function registerListsCommand(program: Command) {
  const lists = program.command('lists').description('Watchlists, game backlogs and custom lists')
  lists.action(async () => {
    const page = await run({
      remote: (server): Promise<{ items: ListView[] }> => dataOf(server.api.GET('/api/v1/lists', { params: { query: {} } })),
      local: async (ctx) => ({ items: await listLists(ctx) }),
    })
    if (page.items.length === 0) return print('No lists. Create one: signalbox lists create NAME --kind watchlist|games|custom')
    for (const list of page.items) print(`${list.id}  ${list.kind.padEnd(9)} ${String(list.itemCount).padStart(4)} items  ${list.name}`)
  })
  lists
    .command('create <name>')
    .description('Create a list')
    .requiredOption('--kind <kind>', listKinds.join(' | '))
    .option('--description <text>')
    .action(async (name: string, options: Options) => {
      const kind = options.kind as ListView['kind']
      if (!listKinds.includes(kind)) throw new CliError(`--kind: "${String(options.kind)}" is not one of ${listKinds.join(', ')}`)
      const body = { name, kind, description: (options.description as string | undefined) ?? '' }
      const list = await run({
        remote: (server): Promise<ListView> => dataOf(server.api.POST('/api/v1/lists', { body })),
        local: (ctx) => createList(ctx, body),
      })
      print(`Created ${list.kind} list ${list.id}: ${list.name}`)
    })
  lists
    .command('show <list>')
    .description("Print a list's items")
    .option('--status <status>')
    .option('--json', 'print JSON')
    .action(async (idOrName: string, options: Options) => {
      const query = { status: options.status as string | undefined }
      const items = await run({
        remote: async (server): Promise<ListItemView[]> => {
          const list = await remoteList(server, idOrName)
          return (await dataOf(server.api.GET('/api/v1/lists/{id}/items', { params: { path: { id: list.id }, query } }))).items
        },
        local: async (ctx) => listListItems(ctx, (await findList(ctx, idOrName)).id, query),
      })
      if (options.json) return print(JSON.stringify(items, null, 2))
      if (items.length === 0) return print('No items.')
      for (const item of items) print(itemLine(item))
    })
  withItemOptions(lists.command('add <list> <title>').description('Add an item to a list')).action(
    async (idOrName: string, title: string, options: Options) => {
      const body = itemBody(options, title)
      const item = await run({
        remote: async (server): Promise<ListItemView> => {
          const list = await remoteList(server, idOrName)
          return dataOf(server.api.POST('/api/v1/lists/{id}/items', { params: { path: { id: list.id } }, body }))
        },
        local: async (ctx) => addListItem(ctx, (await findList(ctx, idOrName)).id, body),
      })
      print(`Added ${itemLine(item)}`)
    },
  )
  withItemOptions(lists.command('set <list> <item>').description("Change an item's fields").option('--title <title>')).action(
    async (idOrName: string, itemId: string, options: Options) => {
      const body = itemBody(options)
      const item = await run({
        remote: async (server): Promise<ListItemView> => {
          const list = await remoteList(server, idOrName)
          return dataOf(server.api.PATCH('/api/v1/lists/{id}/items/{itemId}', { params: { path: { id: list.id, itemId } }, body }))
        },
        local: async (ctx) => updateListItem(ctx, (await findList(ctx, idOrName)).id, itemId, body),
      })
      print(itemLine(item))
    },
  )
  lists
    .command('remove <list> <item>')
    .description('Remove an item from a list')
    .action(async (idOrName: string, itemId: string) => {
      await run({
        remote: async (server) => {
          const list = await remoteList(server, idOrName)
          await dataOf(server.api.DELETE('/api/v1/lists/{id}/items/{itemId}', { params: { path: { id: list.id, itemId } } }))
        },
        local: async (ctx) => deleteListItem(ctx, (await findList(ctx, idOrName)).id, itemId),
      })
      print(`Removed ${itemId}`)
    })
}
