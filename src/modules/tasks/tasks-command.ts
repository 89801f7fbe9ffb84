// `signalbox tasks list [--status S] [--priority P] [--project ID] [--assignee A] [--q TEXT] [--tag T] [--kind K]
// [--source S]`: a table on stdout.
import type { Command } from 'commander'
import { cliConfig, CliError, dataOf, viaServerOrLocal } from '../../cli/runtime.js'
import { taskFiltersSchema } from './task-schema.js'
import { listTasks, type TaskView } from './service.js'
import { formatIssues } from './format.js'

export function registerTasksCommand(program: Command) {
  const tasks = program.command('tasks').description('Tasks proposed by analysis or created by hand')
  tasks
    .command('list')
    .description('List tasks, newest first')
    .option('--status <status>')
    .option('--priority <priority>')
    .option('--category <category>')
    .option('--project <id>', 'project id')
    .option('--assignee <who>', 'person id, user id or name')
    .option('--q <text>', 'words in the title or description')
    .option('--tag <name>', 'only tasks with this tag (or label)')
    .option('--kind <kind>', 'task, system_upgrade or system_fix')
    .option('--source <source>', 'manual, email, meeting, telegram ...')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(async (options: Record<string, string | boolean | undefined>) => {
      const parsed = taskFiltersSchema.safeParse({
        status: options.status,
        priority: options.priority,
        category: options.category,
        projectId: options.project,
        assignee: options.assignee,
        q: options.q,
        tag: options.tag,
        kind: options.kind,
        source: options.source,
        limit: options.limit,
      })
      if (!parsed.success) throw new CliError(formatIssues(parsed.error.issues))
      const filters = parsed.data
      const config = cliConfig()
      const page = await viaServerOrLocal(config, {
        remote: (server): Promise<{ items: TaskView[] }> => dataOf(server.api.GET('/api/v1/tasks', { params: { query: filters } })),
        local: (ctx) => listTasks(ctx, filters),
      })
      if (options.json) {
        process.stdout.write(`${JSON.stringify(page.items, null, 2)}\n`)
        return
      }
      if (page.items.length === 0) {
        process.stdout.write('No tasks.\n')
        return
      }
      for (const task of page.items) {
        const due = task.dueDate ? ` due ${task.dueDate.slice(0, 10)}` : ''
        const who = task.assignee?.name ? ` @${task.assignee.name}` : ''
        process.stdout.write(`${task.id}  ${task.status.padEnd(11)} ${task.priority.padEnd(8)} ${task.title}${due}${who}\n`)
      }
    })
}
