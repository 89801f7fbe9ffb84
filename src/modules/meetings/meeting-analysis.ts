// A meeting's summary, attendees, decisions, topics and action items, through the one LLM call path: the
// `meeting_summary` task on the model assigned to it, or the local analyser when none is. Action items become task
// proposals of the 'meeting' origin in the review inbox (assignee as named, deadline read by chrono-node relative to
// the meeting's date); attendees are linked to the people the ingest path made from the turns' speakers.
import * as chrono from 'chrono-node'
import type { ServiceContext } from '../../lib/context.js'
import { localModelName, runTask, taskHasRemoteAgent, type BuiltinTaskInput, type BuiltinTaskOutput } from '../llm/index.js'
import { summariseMeetingLocally } from '../local-analyser/index.js'
import { proposeTasksFromSource } from '../analysis/index.js'
import { listMeetingTurns, loadMeetingRow } from './meeting-queries.js'
import type { MeetingActionItem, MeetingAttendee } from './schema.js'

export const meetingProposalOrigin = 'meeting'

/** Analyses the meeting again; a failure is stored on the meeting (status failed) instead of losing the import. */
export async function analyseMeeting(ctx: ServiceContext, meetingId: string): Promise<void> {
  const row = await loadMeetingRow(ctx, meetingId)
  const turns = await listMeetingTurns(ctx, meetingId)
  const recordedAt = new Date(row.recorded_at)
  const input: BuiltinTaskInput<'meeting_summary'> = {
    title: row.title,
    recordedAt: recordedAt.toISOString(),
    turns: turns.map((turn) => ({ id: turn.messageId, speaker: turn.speaker, startSeconds: turn.startSeconds, text: turn.text })),
  }
  let output: BuiltinTaskOutput<'meeting_summary'>
  let model: string
  try {
    if (await taskHasRemoteAgent(ctx, 'meeting_summary')) {
      const result = await runTask(ctx, { task: 'meeting_summary', input, purpose: 'meeting-summary' })
      output = result.output
      model = result.model
    } else {
      output = summariseMeetingLocally(input)
      model = localModelName
    }
  } catch (error) {
    ctx.log.warn({ err: error, meetingId }, 'meeting analysis failed')
    await ctx.database.query(
      `UPDATE meetings SET status = 'failed', processing_error = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2`,
      [ctx.workspaceId, meetingId, (error as Error).message.slice(0, 2000)],
    )
    return
  }

  const turnsBySpeaker = new Map<string, { personId: string | null; turns: number }>()
  for (const turn of turns) {
    if (!turn.speaker) continue
    const known = turnsBySpeaker.get(turn.speaker) ?? { personId: turn.personId, turns: 0 }
    known.turns++
    turnsBySpeaker.set(turn.speaker, known)
  }
  const attendees: MeetingAttendee[] = output.attendees.map((a) => ({
    name: a.name,
    role: a.role,
    personId: turnsBySpeaker.get(a.name)?.personId ?? null,
    turns: turnsBySpeaker.get(a.name)?.turns ?? 0,
  }))
  // Every speaker is an attendee even if a model left one out.
  for (const [name, known] of turnsBySpeaker)
    if (!attendees.some((a) => a.name === name)) attendees.push({ name, role: null, personId: known.personId, turns: known.turns })

  const turnIds = new Set(turns.map((turn) => turn.messageId))
  const actionItems: MeetingActionItem[] = []
  for (const item of output.action_items) {
    const deadline = item.deadline ? readDeadline(item.deadline, recordedAt) : null
    const sourceIds = item.source_turn_ids.filter((id) => turnIds.has(id))
    const [proposal] = await proposeTasksFromSource(ctx, {
      origin: meetingProposalOrigin,
      sourceMessageIds: sourceIds.length > 0 ? sourceIds : turns.slice(0, 1).map((turn) => turn.messageId),
      conversationId: row.conversation_id,
      sourceId: null,
      sentAt: recordedAt,
      items: [
        {
          title: item.task,
          description: `Action item from the meeting "${row.title}" (${recordedAt.toISOString().slice(0, 10)})${item.assignee ? ` for ${item.assignee}` : ''}${item.deadline ? `, deadline "${item.deadline}"` : ''}.`,
          dueDate: deadline,
          confidence: model === localModelName ? 0.6 : 0.8,
          reasoning: `${model} found this action item in the transcript`,
          assigneeName: item.assignee,
        },
      ],
    })
    actionItems.push({ task: item.task, assignee: item.assignee, deadline, proposalId: proposal?.proposalId ?? null })
  }

  await ctx.database.query(
    `UPDATE meetings SET status = 'extracted', processing_error = NULL, summary = $3, attendees = $4::jsonb, decisions = $5::jsonb,
       topics = $6::jsonb, action_items = $7::jsonb, analysis_model = $8, updated_at = now()
     WHERE workspace_id = $1 AND id = $2`,
    [
      ctx.workspaceId,
      meetingId,
      output.summary,
      JSON.stringify(attendees),
      JSON.stringify(output.decisions),
      JSON.stringify(output.topics),
      JSON.stringify(actionItems),
      model,
    ],
  )
}

/** "by Friday" said in a meeting on Tuesday 3 March means Friday 6 March: chrono reads it from the meeting's date. */
export function readDeadline(words: string, meetingDate: Date): string | null {
  const parsed = chrono.parseDate(words, meetingDate, { forwardDate: true })
  return parsed ? parsed.toISOString().slice(0, 10) : null
}
