// `signalbox search "..."`: the same search through the running server's API, or directly on the database.
import type { Command } from 'commander'
import { viaServerOrLocal, cliConfig, CliError, dataOf, errorNamingFlags } from '../../cli/runtime.js'
// Types only from the ranking code: it (and the embedder behind it) loads only when searching without a server.
import type { SearchPage } from './hybrid-search.js'
import { searchModes, type SearchMode } from './search-modes.js'

type Options = {
  mode: string
  k: string
  source?: string
  conversation?: string
  person?: string
  from?: string
  to?: string
  json?: boolean
  cursor?: string
}

export function registerSearchCommand(program: Command) {
  program
    .command('search')
    .description('Search messages (hybrid by default)')
    .argument('<query>', 'words or a question')
    .option('--mode <mode>', 'hybrid | vector | fulltext', 'hybrid')
    .option('-k, --k <n>', 'results to show', '10')
    .option('--source <name|type|id>', 'only this source: its name, its type (telegram, slack, email ...) or its id')
    .option('--conversation <id>', 'only this conversation (uuid)')
    .option('--person <id>', 'only messages by this person (uuid)')
    .option('--from <date>', 'sent at or after (ISO date)')
    .option('--to <date>', 'sent before (ISO date)')
    .option('--cursor <cursor>', 'next page (printed after a full page)')
    .option('--json', 'print the raw JSON page')
    .action(async (query: string, options: Options) => {
      if (!(searchModes as readonly string[]).includes(options.mode)) throw new CliError(`--mode must be one of ${searchModes.join(', ')}`)
      const k = Number(options.k)
      if (!Number.isInteger(k) || k < 1 || k > 100) throw new CliError('--k must be an integer from 1 to 100')
      const input = {
        q: query,
        mode: options.mode as SearchMode,
        k,
        cursor: options.cursor,
        source: options.source,
        conversationId: uuidOption(options.conversation, '--conversation'),
        personId: uuidOption(options.person, '--person'),
        from: parseDate(options.from, '--from'),
        to: parseDate(options.to, '--to'),
      }
      const page = await viaServerOrLocal<SearchPage>(cliConfig(), {
        remote: (server) =>
          dataOf(
            server.api.GET('/api/v1/search', {
              params: { query: { ...input, from: input.from?.toISOString(), to: input.to?.toISOString() } },
            }),
          ),
        local: async (ctx) => (await import('./hybrid-search.js')).hybridSearch(ctx, input),
      }).catch((error) => {
        throw errorNamingFlags(error, flagOfField)
      })
      if (options.json) {
        console.log(JSON.stringify(page, null, 2))
        return
      }
      printPage(page)
    })
}

/** The API's field names -> this command's flags, for errors. */
const flagOfField: Record<string, string> = {
  q: 'the query',
  source: '--source',
  sourceId: '--source',
  conversationId: '--conversation',
  personId: '--person',
  from: '--from',
  to: '--to',
  k: '--k',
  mode: '--mode',
  cursor: '--cursor',
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function uuidOption(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && !uuidPattern.test(value))
    throw new CliError(`${flag} must be an id like 0b6e7c1a-...-..., got ${JSON.stringify(value)}`)
  return value
}

function parseDate(value: string | undefined, flag: string): Date | undefined {
  if (!value) return undefined
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) throw new CliError(`${flag} is not a date: ${value}`)
  return date
}

function printPage(page: SearchPage) {
  const waiting = page.waitingToIndex
    ? `${page.waitingToIndex} stored message${page.waitingToIndex === 1 ? ' is' : 's are'} still waiting to be indexed; ` +
      'they are indexed while `signalbox start` or `signalbox worker` runs.'
    : null
  if (page.items.length === 0) {
    console.log(waiting ? `No results yet: ${waiting}` : 'No results.')
    return
  }
  page.items.forEach((hit, i) => {
    const where = hit.conversationTitle ?? hit.conversationId
    const who = hit.author?.displayName ?? 'unknown'
    console.log(
      `${i + 1}. [${hit.sourceType}] ${where} · ${who} · ${hit.sentAt.slice(0, 16).replace('T', ' ')}  (${hit.score?.toFixed(4) ?? 'unscored'})`,
    )
    console.log(`   ${emphasise(hit.snippet, hit.highlights).replace(/\s+/g, ' ')}`)
    console.log(`   id ${hit.messageId}`)
  })
  if (page.nextCursor) console.log(`\nMore: --cursor ${page.nextCursor}`)
  if (waiting) console.log(`\n${waiting}`)
}

/** Highlights in bold when printing to a terminal, in *stars* otherwise. */
function emphasise(text: string, highlights: Array<[number, number]>): string {
  const [open, close] = process.stdout.isTTY ? ['\u001b[1m', '\u001b[22m'] : ['*', '*']
  let out = ''
  let at = 0
  for (const [start, end] of highlights) {
    out += text.slice(at, start) + open + text.slice(start, end) + close
    at = end
  }
  return out + text.slice(at)
}
