// People as contacts: list by name or tag, create, edit, the person page (identities, messages, tasks, notes and
// meetings), and merging two people who are the same person.
import { actorUserId, type ServiceContext } from '../../lib/context.js'
import { NotFoundError, ValidationError } from '../../lib/errors.js'
import { inTransaction } from '../../db/transaction.js'
import {
  findPersonRow,
  insertPerson,
  listPersonIdentities,
  listPersonMentions,
  listPersonMessages,
  listPersonRows,
  mergePersonRows,
  updatePersonRow,
  type PersonMessage,
  type PersonRow,
} from '../messages/index.js'
import { listTasks, reassignPersonTasksWith } from '../tasks/index.js'
import { entityIdsWithTag, moveEntityTags, tagsOfEntities, type EntityTag } from '../tags/index.js'
import { findLatestAuditEvent, recordAuditEvent } from '../audit/index.js'
import { listWorkspaceSourceRows, type SourceType } from '../sources/index.js'
import type { MergeResult, PeopleFilters, PersonInput, PersonPage, PersonPatch, PersonView } from './person-schema.js'

/** The audit action of a merge; its target is the merged (removed) person. */
export const personMergeAction = 'person.merge'

const iso = (v: unknown) => new Date(v as string).toISOString()

function toView(r: PersonRow, tags: EntityTag[]): PersonView {
  return {
    id: r.id,
    displayName: r.display_name,
    email: r.email,
    phone: r.phone,
    relationship: r.relationship,
    notes: r.notes,
    tags,
    identityCount: r.identity_count,
    messageCount: r.message_count,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  }
}

async function withTags(ctx: ServiceContext, rows: PersonRow[]): Promise<PersonView[]> {
  const tags = await tagsOfEntities(
    ctx,
    'person',
    rows.map((r) => r.id),
  )
  return rows.map((r) => toView(r, tags.get(r.id) ?? []))
}

export async function listPeople(ctx: ServiceContext, filters: PeopleFilters): Promise<PersonView[]> {
  const ids = filters.tag ? await entityIdsWithTag(ctx, 'person', filters.tag) : undefined
  return withTags(ctx, await listPersonRows(ctx, { q: filters.q, ids, limit: filters.limit, offset: filters.offset }))
}

export async function getPerson(ctx: ServiceContext, id: string): Promise<PersonView> {
  const row = await findPersonRow(ctx.database, ctx.workspaceId, id)
  if (!row) throw new NotFoundError('Person')
  return (await withTags(ctx, [row]))[0]
}

export async function createPerson(ctx: ServiceContext, input: PersonInput): Promise<PersonView> {
  return getPerson(ctx, await insertPerson(ctx, input))
}

export async function updatePerson(ctx: ServiceContext, id: string, patch: PersonPatch): Promise<PersonView> {
  if (!(await updatePersonRow(ctx.database, ctx.workspaceId, id, patch))) throw new NotFoundError('Person')
  return getPerson(ctx, id)
}

function toMessage(m: PersonMessage, typeOfSource: Map<string, SourceType>) {
  return {
    id: m.id,
    conversationId: m.conversation_id,
    conversationTitle: m.conversation_title,
    sourceType: typeOfSource.get(m.source_id) ?? 'unknown',
    sentAt: iso(m.sent_at),
    excerpt: m.content,
  }
}

/** Everything the person page shows, each list capped (the conversation view and the tasks page have the rest). */
export async function getPersonPage(ctx: ServiceContext, id: string, limit = 20): Promise<PersonPage> {
  const person = await getPerson(ctx, id)
  const sources = await listWorkspaceSourceRows(ctx)
  const typeOfSource = new Map(sources.map((s) => [s.id, s.type]))
  // Notes and meeting transcripts are listed apart from the person's chat and mail messages.
  const hubSourceIds = sources.filter((s) => s.type === 'notes' || s.type === 'meetings').map((s) => s.id)
  const [identities, messages, tasks, mentions] = await Promise.all([
    listPersonIdentities(ctx, id),
    listPersonMessages(ctx, id, limit, hubSourceIds),
    listTasks(ctx, { assignee: id, limit }),
    listPersonMentions(ctx, id, person.displayName, hubSourceIds, limit * 2),
  ])
  const asView = (m: PersonMessage) => toMessage(m, typeOfSource)
  return {
    ...person,
    identities: identities.map((i) => ({
      id: i.id,
      channel: i.channel,
      externalId: i.external_id,
      username: i.username,
      displayName: i.display_name,
      isBot: i.is_bot,
    })),
    recentMessages: messages.map(asView),
    tasks: tasks.items.map((t) => ({ id: t.id, title: t.title, status: t.status, dueDate: t.dueDate })),
    relatedNotes: mentions.filter((m) => typeOfSource.get(m.source_id) === 'notes').map(asView),
    relatedMeetings: mentions.filter((m) => typeOfSource.get(m.source_id) === 'meetings').map(asView),
  }
}

/** Folds `mergeId` into `keepId`: identities (so message authorship), task assignments and tags move to the kept
 * person, then the merged one is removed and the merge audited. Repeating a merge that was done answers
 * alreadyMerged without changing anything. */
export async function mergePeople(ctx: ServiceContext, input: { keepId: string; mergeId: string }): Promise<MergeResult> {
  if (input.keepId === input.mergeId)
    throw new ValidationError('A person cannot be merged into themselves', [{ path: 'mergeId', message: 'same as keepId' }])
  const outcome = await inTransaction(ctx, async (q) => {
    const kept = await findPersonRow(q, ctx.workspaceId, input.keepId, true)
    if (!kept) throw new NotFoundError('Person to keep')
    const merged = await findPersonRow(q, ctx.workspaceId, input.mergeId, true)
    if (!merged) return null
    // Tasks and tags first: deleting the merged row (in mergePersonRows) would clear their assignee (ON DELETE SET NULL).
    const tasksReassigned = await reassignPersonTasksWith(q, ctx, merged.id, { id: kept.id, displayName: kept.display_name })
    await moveEntityTags(q, ctx.workspaceId, 'person', merged.id, kept.id)
    const { identitiesMoved } = await mergePersonRows(q, ctx.workspaceId, kept.id, merged.id)
    return { identitiesMoved, tasksReassigned, mergedName: merged.display_name }
  })
  if (!outcome) {
    const done = await findLatestAuditEvent(ctx, { workspaceId: ctx.workspaceId, action: personMergeAction, targetId: input.mergeId })
    if (done?.details.keptPersonId !== input.keepId) throw new NotFoundError('Person to merge')
    return { person: await getPerson(ctx, input.keepId), identitiesMoved: 0, tasksReassigned: 0, alreadyMerged: true }
  }
  await recordAuditEvent(ctx, {
    action: personMergeAction,
    workspaceId: ctx.workspaceId,
    actorUserId: actorUserId(ctx.actor),
    actorName: actorUserId(ctx.actor) ? null : ctx.actor.kind,
    targetType: 'person',
    targetId: input.mergeId,
    details: { keptPersonId: input.keepId, ...outcome },
    meta: ctx.origin,
  })
  const { identitiesMoved, tasksReassigned } = outcome
  return { person: await getPerson(ctx, input.keepId), identitiesMoved, tasksReassigned, alreadyMerged: false }
}
