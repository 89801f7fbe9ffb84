// `signalbox notes add|list|show|edit|delete` and `signalbox goals add|list|show|set|delete`. A note's body comes
// from --file or, when stdin is not a terminal, from stdin; both work against a running server or the data dir.
import fs from 'node:fs'
import type { Command } from 'commander'
import { cliConfig, CliError, dataOf, errorNamingFlags, viaServerOrLocal } from '../../cli/runtime.js'
import { formatIssues } from '../tasks/index.js'
import {
  goalInputSchema,
  goalPatchSchema,
  noteFiltersSchema,
  noteInputSchema,
  notePatchSchema,
  type GoalView,
  type NoteView,
} from './note-schema.js'
import { createNote, deleteNote, getNote, listNotes, updateNote } from './notes-service.js'
import { createGoal, deleteGoal, getGoal, listGoals, updateGoal } from './goals-service.js'
import type { z } from 'zod'

type Options = Record<string, string | boolean | string[] | undefined>

const noteFlags = { title: '--title', content: '--file', type: '--type', projectId: '--project' }
const goalFlags = {
  name: 'NAME',
  category: '--category',
  progress: '--progress',
  targetDate: '--target',
  status: '--status',
  projectIds: '--project',
}

/** The body of a note: the file named by --file, else stdin when something is piped in, else nothing. */
async function readBody(options: Options): Promise<string | undefined> {
  if (typeof options.file === 'string') {
    try {
      return fs.readFileSync(options.file, 'utf8')
    } catch (error) {
      throw new CliError(`Cannot read ${options.file}: ${(error as Error).message}`)
    }
  }
  if (process.stdin.isTTY) return undefined
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, flags: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(value)
  if (!parsed.success) {
    const named = parsed.error.issues.map((i) => ({ ...i, path: [flags[String(i.path[0])] ?? String(i.path[0]), ...i.path.slice(1)] }))
    throw new CliError(formatIssues(named))
  }
  return parsed.data
}

async function run<T>(flags: Record<string, string>, handlers: Parameters<typeof viaServerOrLocal<T>>[1]): Promise<T> {
  return viaServerOrLocal(cliConfig(), handlers).catch((error) => {
    throw errorNamingFlags(error, flags)
  })
}

const print = (text: string): void => void process.stdout.write(`${text}\n`)
const printJson = (value: unknown) => print(JSON.stringify(value, null, 2))
const noteLine = (n: NoteView) => `${n.id}  ${n.type.padEnd(9)} ${n.updatedAt.slice(0, 10)}  ${n.title}`
const goalLine = (g: GoalView) =>
  `${g.id}  ${g.status.padEnd(9)} ${String(g.progress).padStart(3)}%  ${g.targetDate ?? '          '}  ${g.name}${g.category ? ` [${g.category}]` : ''}`

function registerNotes(program: Command) {
  const notes = program.command('notes').description('Markdown notes (meeting, idea, learning, reference), searchable like messages')
  notes
    .command('add')
    .description('Add a note; the body from --file or stdin')
    .requiredOption('--title <title>')
    .option('--type <type>', 'meeting | idea | learning | reference', 'idea')
    .option('--project <id>', 'project id')
    .option('--file <path>', 'Markdown file with the body (else stdin)')
    .option('--json', 'print JSON')
    .action(async (options: Options) => {
      const body = parseWith(
        noteInputSchema,
        { title: options.title, type: options.type, projectId: options.project, content: (await readBody(options)) ?? '' },
        noteFlags,
      )
      const note = await run(noteFlags, {
        remote: (server): Promise<NoteView> => dataOf(server.api.POST('/api/v1/notes', { body })),
        local: (ctx) => createNote(ctx, body),
      })
      if (options.json) printJson(note)
      else print(`Added note ${note.id}: ${note.title}`)
    })
  notes
    .command('list')
    .description('List notes, last changed first')
    .option('--type <type>')
    .option('--project <id>', 'project id')
    .option('--q <text>', 'words in the title or body')
    .option('--limit <n>', 'how many', '100')
    .option('--json', 'print JSON')
    .action(async (options: Options) => {
      const filters = parseWith(
        noteFiltersSchema,
        { type: options.type, projectId: options.project, q: options.q, limit: options.limit },
        noteFlags,
      )
      const page = await run(noteFlags, {
        remote: (server): Promise<{ items: NoteView[] }> => dataOf(server.api.GET('/api/v1/notes', { params: { query: filters } })),
        local: async (ctx) => ({ items: await listNotes(ctx, filters) }),
      })
      if (options.json) return printJson(page.items)
      if (page.items.length === 0) return print('No notes.')
      for (const note of page.items) print(noteLine(note))
    })
  notes
    .command('show <id>')
    .description('Print a note (its Markdown)')
    .option('--json', 'print JSON')
    .action(async (id: string, options: Options) => {
      const note = await run(
        {},
        {
          remote: (server): Promise<NoteView> => dataOf(server.api.GET('/api/v1/notes/{id}', { params: { path: { id } } })),
          local: (ctx) => getNote(ctx, id),
        },
      )
      if (options.json) return printJson(note)
      print(
        `# ${note.title}\n(${note.type}${note.projectId ? `, project ${note.projectId}` : ''}, updated ${note.updatedAt})\n\n${note.content}`,
      )
    })
  notes
    .command('edit <id>')
    .description('Change a note; a new body from --file or stdin replaces the old one')
    .option('--title <title>')
    .option('--type <type>')
    .option('--project <id>', 'project id ("none" to unset)')
    .option('--file <path>', 'Markdown file with the new body (else stdin, if piped)')
    .action(async (id: string, options: Options) => {
      const projectId = options.project === 'none' ? null : options.project
      const patch = parseWith(
        notePatchSchema,
        { title: options.title, type: options.type, projectId, content: await readBody(options) },
        noteFlags,
      )
      const note = await run(noteFlags, {
        remote: (server): Promise<NoteView> => dataOf(server.api.PATCH('/api/v1/notes/{id}', { params: { path: { id } }, body: patch })),
        local: (ctx) => updateNote(ctx, id, patch),
      })
      print(`Updated note ${note.id}: ${note.title}`)
    })
  notes
    .command('delete <id>')
    .description('Delete a note (its text leaves search too)')
    .action(async (id: string) => {
      await run(
        {},
        {
          remote: async (server) => void (await dataOf(server.api.DELETE('/api/v1/notes/{id}', { params: { path: { id } } }))),
          local: (ctx) => deleteNote(ctx, id),
        },
      )
      print(`Deleted note ${id}`)
    })
}

function goalFields(options: Options) {
  const progress = options.progress === undefined ? undefined : Number(options.progress)
  const targetDate = options.target === 'none' ? null : options.target
  return { category: options.category, progress, targetDate, status: options.status, notes: options.notes, projectIds: options.project }
}

function registerGoals(program: Command) {
  const goals = program.command('goals').description('Goals with progress, target date, status and linked projects')
  const collect = (value: string, previous: string[] = []) => [...previous, value]
  goals
    .command('add <name>')
    .description('Add a goal')
    .option('--category <category>', 'health, career, learning, finance, ...')
    .option('--progress <percent>', '0-100')
    .option('--target <date>', 'target date YYYY-MM-DD')
    .option('--status <status>', 'active | achieved | abandoned')
    .option('--notes <text>')
    .option('--project <id>', 'linked project id (repeatable)', collect)
    .action(async (name: string, options: Options) => {
      const input = parseWith(goalInputSchema, { name, ...goalFields(options) }, goalFlags)
      const goal = await run(goalFlags, {
        remote: (server): Promise<GoalView> => dataOf(server.api.POST('/api/v1/goals', { body: input })),
        local: (ctx) => createGoal(ctx, input),
      })
      print(`Added goal ${goal.id}: ${goal.name}`)
    })
  goals
    .command('list')
    .description('List goals, active first')
    .option('--status <status>')
    .option('--category <category>')
    .option('--json', 'print JSON')
    .action(async (options: Options) => {
      const query = { status: options.status as GoalView['status'] | undefined, category: options.category as string | undefined }
      const page = await run(goalFlags, {
        remote: (server): Promise<{ items: GoalView[] }> => dataOf(server.api.GET('/api/v1/goals', { params: { query } })),
        local: async (ctx) => ({ items: await listGoals(ctx, query) }),
      })
      if (options.json) return printJson(page.items)
      if (page.items.length === 0) return print('No goals.')
      for (const goal of page.items) print(goalLine(goal))
    })
  goals
    .command('show <id>')
    .description('Print a goal')
    .action(async (id: string) => {
      const goal = await run(
        {},
        {
          remote: (server): Promise<GoalView> => dataOf(server.api.GET('/api/v1/goals/{id}', { params: { path: { id } } })),
          local: (ctx) => getGoal(ctx, id),
        },
      )
      printJson(goal)
    })
  goals
    .command('set <id>')
    .description('Change a goal (progress, status, target, ...); --project replaces the linked projects')
    .option('--name <name>')
    .option('--category <category>')
    .option('--progress <percent>', '0-100')
    .option('--target <date>', 'YYYY-MM-DD, or "none"')
    .option('--status <status>', 'active | achieved | abandoned')
    .option('--notes <text>')
    .option('--project <id>', 'linked project id (repeatable)', collect)
    .action(async (id: string, options: Options) => {
      const patch = parseWith(goalPatchSchema, { name: options.name, ...goalFields(options) }, { ...goalFlags, name: '--name' })
      const goal = await run(goalFlags, {
        remote: (server): Promise<GoalView> => dataOf(server.api.PATCH('/api/v1/goals/{id}', { params: { path: { id } }, body: patch })),
        local: (ctx) => updateGoal(ctx, id, patch),
      })
      print(goalLine(goal))
    })
  goals
    .command('delete <id>')
    .description('Delete a goal')
    .action(async (id: string) => {
      await run(
        {},
        {
          remote: async (server) => void (await dataOf(server.api.DELETE('/api/v1/goals/{id}', { params: { path: { id } } }))),
          local: (ctx) => deleteGoal(ctx, id),
        },
      )
      print(`Deleted goal ${id}`)
    })
}

export function registerNotesCommands(program: Command) {
  registerNotes(program)
  registerGoals(program)
}
