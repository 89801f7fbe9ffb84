// The built-in task configs (prompt template + response schema), installed per workspace on first use and
// editable afterwards. Templates name input fields as {{field}}; the renderer puts each in a labelled data block.
import { and, eq } from 'drizzle-orm'
import type { ServiceContext } from '../../lib/context.js'
import { builtinResponseSchema, builtinTasks, type BuiltinTaskKey } from './builtin-tasks.js'
import { taskConfigs } from './schema.js'

type BuiltinTemplate = { description: string; promptTemplate: string }

export const builtinTaskTemplates: Record<BuiltinTaskKey, BuiltinTemplate> = {
  noise_scoring: {
    description: 'Scores each message for importance (0-1) and classifies it as signal, noise, spam, low or high quality.',
    promptTemplate: [
      "Score every message below for how much it matters to the team's work.",
      'importance_score: 0 = pure noise (greetings, reactions, bots), 1 = a decision, bug report, deadline or request.',
      'factors: named numeric reasons (e.g. "has_question": 1, "length": 0.2). Return one result per message id.',
      '{{messages}}',
    ].join('\n'),
  },
  topic_classification: {
    description: 'Assigns each message to at most one of the known topics, with a confidence.',
    promptTemplate: [
      'Assign each message to the single best matching topic from the topic list, or null when none fits.',
      'Use only topic ids from the list. Return one result per message id.',
      '{{topics}}',
      '{{messages}}',
    ].join('\n'),
  },
  task_extraction: {
    description: 'Proposes actionable tasks found in a window of messages, citing the messages they come from.',
    promptTemplate: [
      'Find concrete, actionable work items (bugs, features, improvements, questions needing an owner, chores).',
      'Cite the ids of the messages each task comes from. Use null for an unknown due date or assignee.',
      'If a task matches one of the existing tasks, recommend update_existing or merge instead of new_task.',
      'Do not invent tasks that the messages do not support; an empty list is a valid answer.',
      '{{project}}',
      '{{existingTasks}}',
      '{{messages}}',
    ].join('\n'),
  },
  atom_extraction: {
    description: 'Extracts knowledge atoms (problem, solution, decision, question, insight, pattern, requirement).',
    promptTemplate: [
      'Extract self-contained pieces of knowledge worth keeping: problems, solutions, decisions, open questions,',
      'insights, recurring patterns and requirements. Each atom cites the ids of its source messages.',
      'An empty list is a valid answer.',
      '{{messages}}',
    ].join('\n'),
  },
  summarisation: {
    description: 'Summarises a set of messages in a short paragraph plus key points.',
    promptTemplate: ['Summarise the conversation below in a short paragraph, then list its key points.', '{{messages}}'].join('\n'),
  },
  answer_with_citations: {
    description: 'Answers a question from retrieved passages only, citing the passage ids used.',
    promptTemplate: [
      'Answer the question using only the passages. Cite the id of every passage you rely on.',
      'If the passages do not contain the answer, say so and lower the confidence.',
      '{{question}}',
      '{{passages}}',
    ].join('\n'),
  },
  triage_email: {
    description: 'Sorts one email into actionable, informational, promotional or junk and extracts deadlines, contacts and action items.',
    promptTemplate: [
      'Triage the email for its recipient. category: actionable = a person expects the recipient to reply, decide or do',
      'something; informational = worth knowing, nothing to do (notifications, receipts, list discussion, newsletters the',
      'recipient subscribed to); promotional = marketing, offers, sales; junk = spam, scams, unsolicited bulk mail.',
      'Headers such as List-Id, List-Unsubscribe, Precedence: bulk and Auto-Submitted mark automated or bulk mail.',
      'deadlines: dates the email sets (ISO date or null, type: due, meeting, event, expiry). contacts: people named',
      'with why they matter. action_items: short imperative sentences for the recipient. summary: one sentence.',
      '{{email}}',
      '{{senderHistory}}',
    ].join('\n'),
  },
  meeting_summary: {
    description: 'Summarises a meeting transcript: summary, attendees, decisions, topics and action items with assignee and deadline.',
    promptTemplate: [
      'Read the meeting transcript (speaker turns with ids and seconds from the start).',
      'summary: one paragraph of what was discussed and concluded. attendees: every speaker, with a role if one is said.',
      'decisions: what the meeting agreed, one sentence each. topics: the subjects discussed, a few words each.',
      'action_items: what someone must do after the meeting, as an imperative sentence, with the assignee as named in the',
      'transcript (or null), the deadline as said (or null), and the ids of the turns it comes from.',
      '{{title}}',
      '{{recordedAt}}',
      '{{turns}}',
    ].join('\n'),
  },
}

export const builtinTaskKeys = Object.keys(builtinTasks) as BuiltinTaskKey[]

export function isBuiltinTaskKey(name: string): name is BuiltinTaskKey {
  return (builtinTaskKeys as string[]).includes(name)
}

const installed = new WeakMap<object, Set<string>>()

/** Installs missing built-in task configs (by name); edited ones are kept as they are. */
export async function ensureBuiltinTaskConfigs(ctx: ServiceContext): Promise<void> {
  const done = installed.get(ctx.database) ?? new Set<string>()
  installed.set(ctx.database, done)
  if (done.has(ctx.workspaceId)) return
  await ctx.database.db
    .insert(taskConfigs)
    .values(
      builtinTaskKeys.map((key) => ({
        workspaceId: ctx.workspaceId,
        name: key,
        builtinKey: key,
        description: builtinTaskTemplates[key].description,
        promptTemplate: builtinTaskTemplates[key].promptTemplate,
        responseSchema: builtinResponseSchema(key),
      })),
    )
    .onConflictDoNothing()
  done.add(ctx.workspaceId)
}

export async function findTaskConfigByName(ctx: ServiceContext, name: string) {
  await ensureBuiltinTaskConfigs(ctx)
  const [row] = await ctx.database.db
    .select()
    .from(taskConfigs)
    .where(and(eq(taskConfigs.workspaceId, ctx.workspaceId), eq(taskConfigs.name, name)))
  return row ?? null
}
