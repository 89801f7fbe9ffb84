// Which file registers each top-level command, so `signalbox <command>` loads only that file (and `--help` none):
// importing every module, with its routes, services and their libraries, took most of each command's 6-8 s.
// command-manifest.test.ts checks this list against what the modules really register; a command missing here
// still works (main.ts then loads every module) but is not listed by `signalbox --help`.
import type { Command } from 'commander'

type Register = (program: Command) => void

export type ManifestEntry = {
  /** [name, description] of each top-level command the file registers (the description as `--help` shows it). */
  commands: Array<[string, string]>
  load: () => Promise<Register>
}

export const commandManifest: ManifestEntry[] = [
  {
    commands: [
      ['start', 'Start the API server (and background workers) on HOST:PORT'],
      ['worker', 'Run background workers only (needs DATABASE_URL: an embedded data dir serves one process)'],
      ['migrate', 'Create or upgrade the database schema'],
    ],
    load: async () => (await import('./server-commands.js')).registerServerCommands,
  },
  {
    commands: [
      [
        'import',
        'Import a Telegram Desktop export, a Slack export (folder or .zip), email (.mbox/.eml), JSONL, a folder of documents or a meeting',
      ],
    ],
    load: async () => (await import('../modules/importers/import-command.js')).registerImportCommand,
  },
  {
    commands: [['search', 'Search messages (hybrid by default)']],
    load: async () => (await import('../modules/search/search-command.js')).registerSearchCommand,
  },
  {
    commands: [
      ['analyze', 'Analyse a time window of conversations and propose tasks and knowledge; waits and prints a summary'],
      ['proposals', 'List proposals (pending by default)'],
      [
        'review',
        'Review one proposal (`review ID approve|reject|merge`, ID = full id or a unique prefix) or, with selection flags, every pending one they select (`review --run R --below 0.5 reject`)',
      ],
    ],
    load: async () => (await import('../modules/analysis/analysis-commands.js')).registerAnalysisCommands,
  },
  {
    commands: [['meetings', 'Recorded meetings: transcripts, summaries, decisions and action items']],
    load: async () => (await import('../modules/meetings/meeting-commands.js')).registerMeetingCommands,
  },
  {
    commands: [['email', 'Email triage: categories, learned rules, sender statistics']],
    load: async () => (await import('../modules/email/email-commands.js')).registerEmailCommands,
  },
  {
    commands: [['tasks', 'Tasks proposed by analysis or created by hand']],
    load: async () => (await import('../modules/tasks/tasks-command.js')).registerTasksCommand,
  },
  {
    commands: [
      ['notes', 'Markdown notes (meeting, idea, learning, reference), searchable like messages'],
      ['goals', 'Goals with progress, target date, status and linked projects'],
    ],
    load: async () => (await import('../modules/notes/notes-command.js')).registerNotesCommands,
  },
  {
    commands: [['lists', 'Watchlists, game backlogs and custom lists']],
    load: async () => (await import('../modules/lists/lists-command.js')).registerListsCommand,
  },
  {
    commands: [['tags', 'Tags (area / resource) on tasks, projects, people, notes ...']],
    load: async () => (await import('../modules/tags/tags-command.js')).registerTagsCommand,
  },
  {
    commands: [['people', 'People as contacts: identities, messages, tasks; merge duplicates']],
    load: async () => (await import('../modules/people/people-command.js')).registerPeopleCommand,
  },
  {
    commands: [['topics', 'Topics that messages are classified into']],
    load: async () => (await import('../modules/topics/topics-command.js')).registerTopicsCommand,
  },
  {
    commands: [['experiments', 'Topic classification experiments over labelled messages']],
    load: async () => (await import('../modules/experiments/experiments-command.js')).registerExperimentsCommand,
  },
  {
    commands: [
      ['llm', 'LLM providers, models, agents, task configs, usage and budgets'],
      ['secrets', 'secrets at rest'],
    ],
    load: async () => (await import('../modules/llm/commands.js')).registerLlmCommands,
  },
  {
    commands: [['local-task', 'Run a built-in task with the local analyser (no API key, no database)']],
    load: async () => (await import('../modules/local-analyser/local-task-command.js')).registerLocalTaskCommand,
  },
  {
    commands: [
      ['user', 'Manage users'],
      ['signup', 'Signup requests waiting for a PIN'],
      ['token', 'API tokens'],
    ],
    load: async () => (await import('../modules/identity/commands.js')).registerIdentityCommands,
  },
  {
    commands: [['sources', 'Where messages come from: imports and connected accounts']],
    load: async () => (await import('../modules/sources/sources-command.js')).registerSourcesCommand,
  },
  {
    commands: [['webhooks', 'The webhook inbox: every delivery from connected services']],
    load: async () => (await import('../modules/webhooks/webhooks-command.js')).registerWebhooksCommand,
  },
  {
    commands: [['telegram', 'The Telegram bot: account linking']],
    load: async () => (await import('../modules/connectors/telegram/telegram-command.js')).registerTelegramCommand,
  },
]

/** Registers on `program` the commands that `argv` asks for: one file's, every module's for a command not in the
 * manifest, or, for `--help` and no command at all, just names and descriptions (nothing imported). */
export async function registerCommandsFor(program: Command, argv: string[]): Promise<void> {
  const name = argv.slice(2).find((arg) => !arg.startsWith('-'))
  const entry = name ? commandManifest.find((e) => e.commands.some(([n]) => n === name)) : undefined
  if (entry) {
    ;(await entry.load())(program)
    return
  }
  if (name) {
    const [{ registerServerCommands }, { allModules }] = await Promise.all([import('./server-commands.js'), import('../modules/all.js')])
    registerServerCommands(program)
    for (const module of allModules) module.commands?.(program)
    return
  }
  for (const { commands } of commandManifest)
    for (const [command, description] of commands) program.command(command).description(description)
}
