// `signalbox email triage --since 30d` and `signalbox email rules [set|delete]`: thin shells over the email services,
// on the local database or through the running server's API.
import type { Command } from 'commander'
import cliProgress from 'cli-progress'
import { cliConfig, CliError, dataOf, viaServerOrLocal } from '../../cli/runtime.js'
import { AppError } from '../../lib/errors.js'
import { emailCategorySchema, sinceToDate, triageRequestSchema, writeBackSchema } from './email-schemas.js'
import { triageEmails, type TriageSummary } from './triage.js'
import { deleteRule, listRules, updateRule } from './rules.js'

const out = (line = '') => process.stdout.write(`${line}\n`)

/** Typed service errors become one CLI line naming the field, not a stack trace. */
async function oneLineErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message)
    throw error
  }
}

function printSummary(summary: TriageSummary) {
  out(
    `email triage: ${summary.triaged} triaged (${summary.byRule} by learned rules), ${summary.failed} failed, of ${summary.considered} untriaged emails`,
  )
}

type RuleLine = {
  id: string
  senderEmail: string
  labelName: string
  confidence: number
  correctionCount: number
  source: string
  writeBack: { kind: string; target: string } | null
}

function printRules(rules: RuleLine[]) {
  if (rules.length === 0) return out('No rules yet: correct an email’s category (PATCH /api/v1/email/:messageId) to teach one.')
  for (const r of rules) {
    out(
      `${r.id}  ${r.senderEmail} -> ${r.labelName}  confidence ${r.confidence.toFixed(2)}, ${r.correctionCount} correction(s), ${r.source}` +
        (r.writeBack ? `, write-back ${r.writeBack.kind} ${r.writeBack.target}` : ''),
    )
  }
}

/** `keyword:$Junk`, `folder:Archive/Promo` or `off` as the rule update's writeBack. */
export function parseWriteBack(value: string) {
  if (value === 'off') return null
  const colon = value.indexOf(':')
  const parsed = writeBackSchema.safeParse({ kind: value.slice(0, colon), target: value.slice(colon + 1) })
  if (colon < 0 || !parsed.success)
    throw new CliError(
      `--write-back: expected keyword:<IMAP keyword>, folder:<folder> or off${parsed.success ? '' : ` (${parsed.error.issues[0].message})`}`,
    )
  return parsed.data
}

export function registerEmailCommands(program: Command) {
  const email = program.command('email').description('Email triage: categories, learned rules, sender statistics')

  email
    .command('triage')
    .description('Triage the emails of a window ending now that have no triage yet')
    .option('--since <duration>', 'window ending now: 90m, 12h, 30d, 2w', '30d')
    .option('--force', 'triage again (corrections by a person are kept)')
    .action(async (options: { since: string; force?: boolean }) => {
      const parsed = triageRequestSchema.safeParse({ since: options.since, force: Boolean(options.force) })
      if (!parsed.success) throw new CliError(`--since: ${parsed.error.issues[0].message}`)
      const summary = await oneLineErrors(() =>
        viaServerOrLocal(cliConfig(), {
          remote: async (server) => dataOf(server.api.POST('/api/v1/email/triage', { body: parsed.data })),
          local: async (ctx) => {
            const bar = new cliProgress.SingleBar({ format: 'triage [{bar}] {value}/{total} emails', stream: process.stderr })
            let started = false
            const result = await triageEmails(ctx, { since: sinceToDate(parsed.data.since), force: parsed.data.force }, (done, total) => {
              if (!started) bar.start(total, 0)
              started = true
              bar.update(done)
            })
            if (started) bar.stop()
            return result
          },
        }),
      )
      printSummary(summary)
    })

  const rules = email
    .command('rules')
    .description('Labelling rules learned from corrections (list; `set ID --category C`; `delete ID`)')
    .option('--sender <address>', 'only this sender’s rules')
    .action(async (options: { sender?: string }) => {
      const items = await oneLineErrors(() =>
        viaServerOrLocal(cliConfig(), {
          remote: async (server) =>
            (await dataOf(server.api.GET('/api/v1/email/rules', { params: { query: { sender: options.sender } } }))).items,
          local: (ctx) => listRules(ctx, { sender: options.sender }),
        }),
      )
      printRules(items)
    })

  rules
    .command('set <id>')
    .description('Change a rule’s category, confidence or write-back to the mailbox')
    .option('--category <category>', 'actionable, informational, promotional or junk')
    .option('--confidence <number>', '0..1')
    .option('--write-back <target>', 'keyword:<IMAP keyword>, folder:<folder> or off')
    .action(async (id: string, options: { category?: string; confidence?: string; writeBack?: string }) => {
      const category = options.category === undefined ? undefined : emailCategorySchema.safeParse(options.category)
      if (category && !category.success) throw new CliError('--category: expected actionable, informational, promotional or junk')
      const confidence = options.confidence === undefined ? undefined : Number(options.confidence)
      if (confidence !== undefined && !(confidence >= 0 && confidence <= 1))
        throw new CliError('--confidence: expected a number from 0 to 1')
      const writeBack = options.writeBack === undefined ? undefined : parseWriteBack(options.writeBack)
      if (!category && confidence === undefined && writeBack === undefined)
        throw new CliError('give --category, --confidence or --write-back')
      const body = { labelName: category?.data, confidence, writeBack }
      const rule = await oneLineErrors(() =>
        viaServerOrLocal(cliConfig(), {
          remote: (server) => dataOf(server.api.PATCH('/api/v1/email/rules/{id}', { params: { path: { id } }, body })),
          local: (ctx) => updateRule(ctx, id, body),
        }),
      )
      printRules([rule])
    })

  rules
    .command('delete <id>')
    .description('Delete a rule')
    .action(async (id: string) => {
      await oneLineErrors(() =>
        viaServerOrLocal(cliConfig(), {
          remote: async (server) => {
            const { error, response } = await server.api.DELETE('/api/v1/email/rules/{id}', { params: { path: { id } } })
            if (error)
              throw new CliError(`HTTP ${response.status}: ${(error as { error?: { message?: string } }).error?.message ?? 'failed'}`)
          },
          local: (ctx) => deleteRule(ctx, id),
        }),
      )
      out(`Deleted rule ${id}`)
    })
}
