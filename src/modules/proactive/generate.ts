// Messages the assistant decides to send: each person's daily digest at their digest time (proposals waiting for
// review, their tasks due soon, questions that mention them), and a reminder before each of their tasks is due.
// Both are idempotent through dedupe keys, so running every minute on several workers creates each one once.
import type { ServiceContext } from '../../lib/context.js'
import { listProposals, proposalFiltersSchema } from '../analysis/index.js'
import { hybridSearch } from '../search/index.js'
import { listTasks, type TaskView } from '../tasks/index.js'
import { listMembers } from '../identity/index.js'
import { scheduleMessage } from './messages.js'
import { localTime, preferencesOf, type Preferences } from './preferences.js'

const closedTaskStatuses = new Set(['done', 'cancelled', 'failed'])
const dayMs = 24 * 60 * 60_000

type Member = { userId: string; username: string; displayName: string | null }

async function openTasksOf(ctx: ServiceContext, userId: string): Promise<TaskView[]> {
  const page = await listTasks(ctx, { assignee: userId, limit: 500 })
  return page.items.filter((t) => !closedTaskStatuses.has(t.status) && t.dueDate)
}

/** Recent messages that name the person and ask something (the search index finds the name; '?' marks a question). */
async function questionsMentioning(ctx: ServiceContext, member: Member, now: Date) {
  const names = [member.username, member.displayName].filter((n): n is string => Boolean(n && n.length >= 3))
  const found = new Map<string, { snippet: string; where: string }>()
  for (const name of names) {
    const page = await hybridSearch(ctx, { q: name, k: 10, from: new Date(now.getTime() - dayMs), to: now }).catch(() => ({ items: [] }))
    for (const hit of page.items) {
      if (hit.snippet.includes('?'))
        found.set(hit.messageId, {
          snippet: hit.snippet.replace(/\s+/g, ' ').slice(0, 160),
          where: hit.conversationTitle ?? hit.sourceType,
        })
    }
  }
  return [...found.values()].slice(0, 5)
}

export async function buildDigest(ctx: ServiceContext, member: Member, now: Date): Promise<string | null> {
  const base = ctx.config.publicUrl
  const lines: string[] = []
  const pending = await listProposals(ctx, proposalFiltersSchema.parse({ status: 'pending', limit: 1 }))
  if (pending.total > 0)
    lines.push(`• ${pending.total} proposal${pending.total === 1 ? '' : 's'} wait for review${base ? `: ${base}/inbox` : ''}`)
  const due = (await openTasksOf(ctx, member.userId))
    .filter((t) => new Date(t.dueDate!).getTime() <= now.getTime() + dayMs)
    .sort((a, b) => a.dueDate!.localeCompare(b.dueDate!))
  for (const task of due.slice(0, 10)) {
    const overdue = new Date(task.dueDate!).getTime() < now.getTime()
    lines.push(`• ${overdue ? 'Overdue' : 'Due'}: ${task.title} (${task.dueDate!.slice(0, 16).replace('T', ' ')} UTC)`)
  }
  for (const q of await questionsMentioning(ctx, member, now)) lines.push(`• Asked in ${q.where}: “${q.snippet}”`)
  return lines.length > 0 ? lines.join('\n') : null
}

async function maybeDigest(ctx: ServiceContext, member: Member, prefs: Preferences, now: Date): Promise<number> {
  if (!prefs.digestEnabled) return 0
  const local = localTime(now, prefs.timezone)
  if (local.minute < prefs.digestMinute) return 0
  const dedupeKey = `digest:${local.date}`
  const [exists] = await ctx.database.query(
    `SELECT 1 FROM proactive_messages WHERE workspace_id = $1 AND user_id = $2 AND dedupe_key = $3`,
    [ctx.workspaceId, member.userId, dedupeKey],
  )
  if (exists) return 0
  const content = await buildDigest(ctx, member, now)
  // A day with nothing to report sends nothing (and is looked at again next minute: three cheap queries).
  if (!content) return 0
  const created = await scheduleMessage(ctx, {
    userId: member.userId,
    kind: 'digest',
    title: `Your Signalbox digest for ${local.date}`,
    content,
    scheduledFor: now,
    dedupeKey,
  })
  return created ? 1 : 0
}

async function dueReminders(ctx: ServiceContext, member: Member, prefs: Preferences, now: Date): Promise<number> {
  if (prefs.dueReminderHours === 0) return 0
  const horizon = now.getTime() + prefs.dueReminderHours * 60 * 60_000
  let created = 0
  for (const task of await openTasksOf(ctx, member.userId)) {
    const due = new Date(task.dueDate!).getTime()
    if (due <= now.getTime() || due > horizon) continue
    const message = await scheduleMessage(ctx, {
      userId: member.userId,
      kind: 'due_reminder',
      title: 'Task due soon',
      content: `“${task.title}” is due ${task.dueDate!.slice(0, 16).replace('T', ' ')} UTC${ctx.config.publicUrl ? `\n${ctx.config.publicUrl}/tasks/${task.id}` : ''}`,
      scheduledFor: now,
      // A moved due date earns a new reminder; the same one never repeats.
      dedupeKey: `due:${task.id}:${task.dueDate}`,
      context: { taskId: task.id },
    })
    if (message) created++
  }
  return created
}

/** Creates what is due for every member of the workspace; returns how many messages were created. */
export async function generateProactiveMessages(ctx: ServiceContext, now = new Date()): Promise<{ digests: number; reminders: number }> {
  const totals = { digests: 0, reminders: 0 }
  for (const member of await listMembers(ctx)) {
    const prefs = await preferencesOf(ctx, member.userId)
    totals.digests += await maybeDigest(ctx, member, prefs, now)
    totals.reminders += await dueReminders(ctx, member, prefs, now)
  }
  return totals
}
