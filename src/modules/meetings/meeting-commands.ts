// `signalbox meetings [list|show ID|delete ID]` and `signalbox import meeting <file> [--title --date]` (the import
// command hands meeting files here): thin shells over the meetings services, on the local database or the server.
import fs from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import { cliConfig, CliError, dataOf, viaServerOrLocal } from '../../cli/runtime.js'
import { AppError } from '../../lib/errors.js'
import type { MeetingSummaryView, MeetingView } from './meeting-queries.js'

// The services (and the LLM, pipeline and analysis modules behind them) load only for work on the local database:
// through a server the command is an HTTP call, and loading them cost most of its start-up time.
const services = async () => ({ ...(await import('./import-meeting.js')), ...(await import('./meeting-queries.js')) })

const out = (line = '') => process.stdout.write(`${line}\n`)

async function oneLineErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message)
    throw error
  }
}

function printMeeting(meeting: MeetingView) {
  out(
    `${meeting.id}  ${meeting.recordedAt.slice(0, 16).replace('T', ' ')}  ${meeting.title}  (${meeting.status}, ${meeting.turnCount} turns)`,
  )
  if (meeting.processingError) out(`error: ${meeting.processingError}`)
  if (meeting.summary) out(`\nSummary (${meeting.analysisModel}):\n${meeting.summary}`)
  if (meeting.attendees.length) out(`\nAttendees: ${meeting.attendees.map((a) => `${a.name} (${a.turns} turns)`).join(', ')}`)
  if (meeting.topics.length) out(`Topics: ${meeting.topics.join(', ')}`)
  for (const decision of meeting.decisions) out(`decision: ${decision}`)
  for (const item of meeting.actionItems)
    out(
      `action: ${item.task}${item.assignee ? ` [${item.assignee}]` : ''}${item.deadline ? ` due ${item.deadline}` : ''} — proposal ${item.proposalStatus ?? 'none'}`,
    )
}

function printList(items: MeetingSummaryView[]) {
  if (items.length === 0) return out('No meetings yet: signalbox import meeting <transcript.vtt|.srt|.json|.txt|recording>')
  for (const m of items)
    out(
      `${m.id}  ${m.recordedAt.slice(0, 16).replace('T', ' ')}  ${m.title}  ${m.status}  ${m.turnCount} turns  ${m.actionItemCount} action items`,
    )
}

function parseDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) throw new CliError(`--date: '${value}' is not a date (e.g. 2026-03-03T10:00:00Z)`)
  return date
}

/** `signalbox import meeting <file>`: called by the import command for the kind 'meeting'. */
export async function importMeetingFromCli(file: string, options: { title?: string; date?: string }) {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliError(`${file}: no such file`)
  const recordedAt = parseDate(options.date)
  const fileName = path.basename(file)
  const result = await oneLineErrors(() =>
    viaServerOrLocal(cliConfig(), {
      remote: async (server) => {
        const form = new FormData()
        if (options.title) form.append('title', options.title)
        if (recordedAt) form.append('recordedAt', recordedAt.toISOString())
        form.append('file', await fs.openAsBlob(file), fileName)
        // Multipart is read part by part by the route, so its OpenAPI entry declares no body type.
        return dataOf(server.api.POST('/api/v1/meetings', { body: form as never }))
      },
      local: async (ctx) =>
        (await services()).importMeeting(ctx, { fileName, content: fs.readFileSync(file), title: options.title, recordedAt }),
    }),
  )
  if (!result.created) out('This file was imported before; nothing changed.')
  printMeeting(result.meeting)
}

export function registerMeetingCommands(program: Command) {
  const meetings = program.command('meetings').description('Recorded meetings: transcripts, summaries, decisions and action items')

  meetings
    .command('list', { isDefault: true })
    .description('Meetings, newest first')
    .option('--limit <n>', 'how many', '50')
    .action(async (options: { limit: string }) => {
      const limit = Number(options.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new CliError('--limit: a whole number from 1 to 500')
      const items = await oneLineErrors(() =>
        viaServerOrLocal(cliConfig(), {
          remote: async (server) => (await dataOf(server.api.GET('/api/v1/meetings', { params: { query: { limit } } }))).items,
          local: async (ctx) => (await services()).listMeetings(ctx, { limit }),
        }),
      )
      printList(items)
    })

  meetings
    .command('show <id>')
    .description('A meeting: summary, attendees, decisions and action items with their review status')
    .action(async (id: string) => {
      const meeting = await oneLineErrors(() =>
        viaServerOrLocal(cliConfig(), {
          remote: async (server) => dataOf(server.api.GET('/api/v1/meetings/{id}', { params: { path: { id } } })),
          local: async (ctx) => (await services()).getMeeting(ctx, id),
        }),
      )
      printMeeting(meeting)
    })

  meetings
    .command('delete <id>')
    .description('Delete a meeting (its turns leave search and analysis)')
    .action(async (id: string) => {
      const result = await oneLineErrors(() =>
        viaServerOrLocal(cliConfig(), {
          remote: async (server) => dataOf(server.api.DELETE('/api/v1/meetings/{id}', { params: { path: { id } } })),
          local: async (ctx) => (await services()).deleteMeeting(ctx, id),
        }),
      )
      out(`deleted the meeting and ${result.deletedTurns} turns`)
    })
}
