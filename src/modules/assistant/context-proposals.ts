// User context learned from chats: what a person says about themselves ("I work on the payments API", "my goal is
// to ...") becomes a pending proposal they approve or reject; nothing reaches user_contexts without approval.
import { and, desc, eq, isNull } from 'drizzle-orm'
import { actorUserId, type ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import { userContextProposals, type userContextListFields, type userContextTextFields } from './schema.js'
import { getUserContext, updateUserContext } from './user-context.js'

type ContextField = (typeof userContextTextFields)[number] | (typeof userContextListFields)[number]
export type ContextProposal = typeof userContextProposals.$inferSelect

const listFields = new Set<string>(['longTermGoals', 'currentChallenges', 'expertiseAreas', 'learningObjectives', 'preferredMeetingTimes'])

/** Self-statements and the field each one informs; the captured clause is the proposed value. */
const patterns: Array<{ field: ContextField; pattern: RegExp }> = [
  { field: 'workContext', pattern: /\bI (?:work|am working|'m working) (?:on|at|for|in|as) ([^.;!?\n]{3,120})/i },
  {
    field: 'personalBio',
    pattern:
      /\bI(?:'m| am) (?:a|an) ((?:senior |junior |lead |staff )?[a-z][^.;,!?\n]{2,80}(?:er|or|ist|ian|ant|lead|manager|designer|founder))\b/i,
  },
  { field: 'longTermGoals', pattern: /\bmy (?:main |long[- ]term )?goal (?:is|this year is) to ([^.;!?\n]{3,120})/i },
  {
    field: 'currentChallenges',
    pattern: /\b(?:I(?:'m| am) struggling with|my (?:biggest )?(?:problem|challenge) (?:is|right now is)) ([^.;!?\n]{3,120})/i,
  },
  { field: 'expertiseAreas', pattern: /\bI(?:'m| am) (?:an expert|experienced|very good) (?:in|at|with) ([^.;!?\n]{3,80})/i },
  { field: 'aiPreferences', pattern: /\bI prefer ((?:short|long|brief|detailed|bullet|concise|plain)[^.;!?\n]{0,100})/i },
  { field: 'workingHours', pattern: /\bmy working hours are ([^.;!?\n]{3,60})/i },
  { field: 'learningObjectives', pattern: /\bI(?:'m| am| want to be) learning ([^.;!?\n]{3,80})/i },
]

export function contextStatements(text: string): Array<{ field: ContextField; value: string }> {
  const found: Array<{ field: ContextField; value: string }> = []
  for (const { field, pattern } of patterns) {
    const match = pattern.exec(text)
    // A clause ends where the next one about the speaker starts ("... and I prefer ...").
    if (match)
      found.push({
        field,
        value: match[1]
          .split(/\s+(?:and|but|so|while)\s+(?:I|my)\b/i)[0]
          .trim()
          .replace(/\s+/g, ' '),
      })
  }
  return found
}

function mine(ctx: ServiceContext) {
  const userId = actorUserId(ctx.actor)
  return and(
    eq(userContextProposals.workspaceId, ctx.workspaceId),
    userId ? eq(userContextProposals.userId, userId) : isNull(userContextProposals.userId),
  )
}

/** Records what the question says about its author as pending proposals (once per field and value). */
export async function proposeContextFromMessage(ctx: ServiceContext, input: { text: string; messageId: string }): Promise<number> {
  const statements = contextStatements(input.text)
  if (statements.length === 0) return 0
  const inserted = await ctx.database.db
    .insert(userContextProposals)
    .values(
      statements.map((s) => ({ ...s, workspaceId: ctx.workspaceId, userId: actorUserId(ctx.actor), sourceMessageId: input.messageId })),
    )
    .onConflictDoNothing()
    .returning({ id: userContextProposals.id })
  return inserted.length
}

export async function listContextProposals(
  ctx: ServiceContext,
  input: { status?: ContextProposal['status'] } = {},
): Promise<ContextProposal[]> {
  return ctx.database.db
    .select()
    .from(userContextProposals)
    .where(and(mine(ctx), eq(userContextProposals.status, input.status ?? 'pending')))
    .orderBy(desc(userContextProposals.createdAt))
    .limit(100)
}

/** Approving writes the value into the context (appended to list fields); rejecting only records the decision. */
export async function decideContextProposal(ctx: ServiceContext, input: { id: string; approve: boolean }): Promise<ContextProposal> {
  const [proposal] = await ctx.database.db
    .select()
    .from(userContextProposals)
    .where(and(mine(ctx), eq(userContextProposals.id, input.id)))
  if (!proposal || proposal.status !== 'pending') throw new NotFoundError('Pending proposal')
  if (input.approve) {
    const field = proposal.field as ContextField
    if (listFields.has(field)) {
      const current = ((await getUserContext(ctx))?.[field] as string[] | undefined) ?? []
      await updateUserContext(ctx, { [field]: current.includes(proposal.value) ? current : [...current, proposal.value] })
    } else {
      await updateUserContext(ctx, { [field]: proposal.value })
    }
  }
  const [row] = await ctx.database.db
    .update(userContextProposals)
    .set({ status: input.approve ? 'approved' : 'rejected', decidedAt: new Date() })
    .where(eq(userContextProposals.id, proposal.id))
    .returning()
  return row
}

/** "Forget everything about me": the context and every proposal. */
export async function deleteContextProposals(ctx: ServiceContext): Promise<void> {
  await ctx.database.db.delete(userContextProposals).where(mine(ctx))
}
