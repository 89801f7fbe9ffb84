// `signalbox people list|show|edit|merge`: contacts on the command line, through a running server when SIGNALBOX_URL
// is set, else on the local database.
import type { Command } from 'commander'
import { cliConfig, CliError, dataOf, viaServerOrLocal } from '../../cli/runtime.js'
import { formatIssues } from '../tasks/index.js'
import { peopleFiltersSchema, personPatchSchema, type PersonView } from './person-schema.js'
import { getPersonPage, listPeople, mergePeople, updatePerson } from './service.js'

function printPeople(items: PersonView[]) {
  if (items.length === 0) process.stdout.write('No people.\n')
  for (const p of items) {
    const tags = p.tags.length ? `  #${p.tags.map((t) => t.name).join(' #')}` : ''
    process.stdout.write(`${p.id}  ${p.displayName.padEnd(28)} ${(p.relationship ?? '-').padEnd(10)} ${p.email ?? ''}${tags}\n`)
  }
}

export function registerPeopleCommand(program: Command) {
  const people = program.command('people').description('People as contacts: identities, messages, tasks; merge duplicates')
  people
    .command('list')
    .description('List people alphabetically')
    .option('--q <text>', 'words of the name, e-mail, phone or an identity')
    .option('--tag <name>', 'only people with this tag')
    .option('--limit <n>', 'how many', '100')
    .action(async (options: { q?: string; tag?: string; limit?: string }) => {
      const parsed = peopleFiltersSchema.safeParse(options)
      if (!parsed.success) throw new CliError(formatIssues(parsed.error.issues))
      const query = parsed.data
      const items = await viaServerOrLocal(cliConfig(), {
        remote: async (server) => (await dataOf(server.api.GET('/api/v1/people', { params: { query } }))).items,
        local: (ctx) => listPeople(ctx, query),
      })
      printPeople(items)
    })
  people
    .command('show <id>')
    .description("A person's contact fields, identities, recent messages, tasks, notes and meetings")
    .action(async (id: string) => {
      const page = await viaServerOrLocal(cliConfig(), {
        remote: (server) => dataOf(server.api.GET('/api/v1/people/{id}', { params: { path: { id } } })),
        local: (ctx) => getPersonPage(ctx, id),
      })
      const line = (text: string) => process.stdout.write(`${text}\n`)
      line(`${page.displayName}  ${page.relationship ?? ''} ${page.email ?? ''} ${page.phone ?? ''}`.trimEnd())
      if (page.notes) line(page.notes)
      line(`Identities (${page.identities.length}):`)
      for (const i of page.identities) line(`  ${i.channel.padEnd(9)} ${i.username ?? i.displayName ?? ''} (${i.externalId})`)
      line(`Recent messages (${page.recentMessages.length}):`)
      for (const m of page.recentMessages)
        line(`  ${m.sentAt.slice(0, 16)} [${m.conversationTitle ?? m.conversationId}] ${m.excerpt.slice(0, 80)}`)
      line(`Tasks (${page.tasks.length}):`)
      for (const t of page.tasks) line(`  ${t.status.padEnd(11)} ${t.title}`)
      for (const [label, items] of [
        ['Notes', page.relatedNotes],
        ['Meetings', page.relatedMeetings],
      ] as const) {
        line(`${label} (${items.length}):`)
        for (const m of items) line(`  ${m.sentAt.slice(0, 10)} ${m.conversationTitle ?? m.conversationId}`)
      }
    })
  people
    .command('edit <id>')
    .description('Set contact fields')
    .option('--name <name>')
    .option('--email <email>')
    .option('--phone <phone>')
    .option('--relationship <r>', 'family, friend, colleague, client or other')
    .option('--notes <text>')
    .action(async (id: string, options: Record<string, string | undefined>) => {
      const parsed = personPatchSchema.safeParse({
        displayName: options.name,
        email: options.email,
        phone: options.phone,
        relationship: options.relationship,
        notes: options.notes,
      })
      if (!parsed.success) throw new CliError(formatIssues(parsed.error.issues))
      const body = parsed.data
      const person = await viaServerOrLocal(cliConfig(), {
        remote: (server) => dataOf(server.api.PATCH('/api/v1/people/{id}', { params: { path: { id } }, body })),
        local: (ctx) => updatePerson(ctx, id, body),
      })
      printPeople([person])
    })
  people
    .command('merge <keepId> <mergeId>')
    .description('Fold the second person into the first: identities, messages, tasks and tags move; the second is removed')
    .action(async (keepId: string, mergeId: string) => {
      const body = { keepId, mergeId }
      const result = await viaServerOrLocal(cliConfig(), {
        remote: (server) => dataOf(server.api.POST('/api/v1/people/merge', { body })),
        local: (ctx) => mergePeople(ctx, body),
      })
      if (result.alreadyMerged) process.stdout.write(`Already merged into ${result.person.displayName}; nothing to do.\n`)
      else
        process.stdout.write(
          `Merged into ${result.person.displayName}: ${result.identitiesMoved} identities, ${result.tasksReassigned} tasks moved.\n`,
        )
    })
}
