// Agents (seed 0 agent_configs + seed 1 agents): a role, a provider and model, a system prompt and sampling
// settings; assignments say which agent answers which task config.
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { createSelectSchema } from 'drizzle-zod'
import type { ServiceContext } from '../../lib/context.js'
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js'
import { agentConfigs, agentTaskAssignments, llmProviders, taskConfigs, type agentRoles } from './schema.js'
import { isUniqueViolation } from '../../db/unique-violation.js'

export const agentSchema = createSelectSchema(agentConfigs)
export type Agent = z.infer<typeof agentSchema>
export const assignmentSchema = createSelectSchema(agentTaskAssignments)
export type AgentInput = {
  name: string
  role?: (typeof agentRoles)[number]
  providerId?: string | null
  modelName: string
  systemPrompt?: string
  description?: string | null
  temperature?: number
  maxTokens?: number | null
  isActive?: boolean
}

async function checkProvider(ctx: ServiceContext, providerId: string | null | undefined) {
  if (!providerId) return
  const [found] = await ctx.database.db
    .select({ id: llmProviders.id })
    .from(llmProviders)
    .where(and(eq(llmProviders.workspaceId, ctx.workspaceId), eq(llmProviders.id, providerId)))
  if (!found) throw new ValidationError('Unknown provider', [{ path: 'providerId', message: 'No such provider in this workspace' }])
}

export async function createAgent(ctx: ServiceContext, input: AgentInput): Promise<Agent> {
  await checkProvider(ctx, input.providerId)
  try {
    const [row] = await ctx.database.db
      .insert(agentConfigs)
      .values({ ...input, workspaceId: ctx.workspaceId })
      .returning()
    return row
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`An agent named ${input.name} already exists`)
    throw error
  }
}

export async function getAgent(ctx: ServiceContext, id: string): Promise<Agent> {
  const agent = await findAgent(ctx, id)
  if (!agent) throw new NotFoundError('Agent')
  return agent
}

/** The workspace's agent, or undefined (for callers that report a missing agent their own way). */
export async function findAgent(ctx: Pick<ServiceContext, 'database' | 'workspaceId'>, id: string): Promise<Agent | undefined> {
  const [row] = await ctx.database.db
    .select()
    .from(agentConfigs)
    .where(and(eq(agentConfigs.workspaceId, ctx.workspaceId), eq(agentConfigs.id, id)))
  return row
}

export async function listAgents(ctx: ServiceContext): Promise<Agent[]> {
  return ctx.database.db.select().from(agentConfigs).where(eq(agentConfigs.workspaceId, ctx.workspaceId)).orderBy(asc(agentConfigs.name))
}

export async function updateAgent(ctx: ServiceContext, id: string, input: Partial<AgentInput>): Promise<Agent> {
  await getAgent(ctx, id)
  await checkProvider(ctx, input.providerId)
  try {
    const [row] = await ctx.database.db
      .update(agentConfigs)
      .set({ ...input, updatedAt: sql`now()` })
      .where(and(eq(agentConfigs.workspaceId, ctx.workspaceId), eq(agentConfigs.id, id)))
      .returning()
    return row
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`An agent named ${input.name} already exists`)
    throw error
  }
}

export async function deleteAgent(ctx: ServiceContext, id: string): Promise<void> {
  await getAgent(ctx, id)
  await ctx.database.db.delete(agentConfigs).where(and(eq(agentConfigs.workspaceId, ctx.workspaceId), eq(agentConfigs.id, id)))
}

/** Assigns an agent to a task config (idempotent; re-activates an inactive assignment). */
export async function assignAgentToTask(
  ctx: ServiceContext,
  input: { agentId: string; taskId: string; isActive?: boolean },
): Promise<z.infer<typeof assignmentSchema>> {
  await getAgent(ctx, input.agentId)
  const [task] = await ctx.database.db
    .select({ id: taskConfigs.id })
    .from(taskConfigs)
    .where(and(eq(taskConfigs.workspaceId, ctx.workspaceId), eq(taskConfigs.id, input.taskId)))
  if (!task) throw new ValidationError('Unknown task config', [{ path: 'taskId', message: 'No such task config in this workspace' }])
  const [row] = await ctx.database.db
    .insert(agentTaskAssignments)
    .values({ workspaceId: ctx.workspaceId, agentId: input.agentId, taskId: input.taskId, isActive: input.isActive ?? true })
    .onConflictDoUpdate({
      target: [agentTaskAssignments.agentId, agentTaskAssignments.taskId],
      set: { isActive: input.isActive ?? true, assignedAt: sql`now()` },
    })
    .returning()
  return row
}

export async function listAssignments(ctx: ServiceContext): Promise<Array<z.infer<typeof assignmentSchema>>> {
  return ctx.database.db
    .select()
    .from(agentTaskAssignments)
    .where(eq(agentTaskAssignments.workspaceId, ctx.workspaceId))
    .orderBy(desc(agentTaskAssignments.assignedAt))
}

export async function removeAssignment(ctx: ServiceContext, id: string) {
  const deleted = await ctx.database.db
    .delete(agentTaskAssignments)
    .where(and(eq(agentTaskAssignments.workspaceId, ctx.workspaceId), eq(agentTaskAssignments.id, id)))
    .returning({ id: agentTaskAssignments.id })
  if (deleted.length === 0) throw new NotFoundError('Assignment')
}

/** The active agent assigned to a task config, most recently assigned first. */
export async function assignedAgent(ctx: ServiceContext, taskId: string): Promise<Agent | null> {
  const [row] = await ctx.database.db
    .select({ agent: agentConfigs })
    .from(agentTaskAssignments)
    .innerJoin(agentConfigs, eq(agentConfigs.id, agentTaskAssignments.agentId))
    .where(
      and(
        eq(agentTaskAssignments.workspaceId, ctx.workspaceId),
        eq(agentTaskAssignments.taskId, taskId),
        eq(agentTaskAssignments.isActive, true),
        eq(agentConfigs.isActive, true),
      ),
    )
    .orderBy(desc(agentTaskAssignments.assignedAt))
    .limit(1)
  return row?.agent ?? null
}
