// Agent memory (seed 001 agent_memory): facts agents keep per workspace and project, with importance and expiry,
// recalled by relevance to a question (full-text match weighted by importance; expired facts never come back).
import { and, eq, sql } from 'drizzle-orm'
import type { ServiceContext } from '../../lib/context.js'
import type { RawRow } from '../../db/raw-row.js'
import { NotFoundError } from '../../lib/errors.js'
import { agentMemories } from './schema.js'

export type AgentMemory = typeof agentMemories.$inferSelect
export type MemoryInput = {
  agentId?: string | null
  projectId?: string | null
  category: string
  key: string
  content: string
  importance?: number
  expiresAt?: Date | null
}

/** Stores a fact, or replaces the one with the same agent, project, category and key. */
export async function rememberFact(ctx: ServiceContext, input: MemoryInput): Promise<AgentMemory> {
  const values = {
    workspaceId: ctx.workspaceId,
    agentId: input.agentId ?? null,
    projectId: input.projectId ?? null,
    category: input.category,
    key: input.key,
    content: input.content,
    importance: input.importance ?? 5,
    expiresAt: input.expiresAt ?? null,
  }
  const [row] = await ctx.database.db
    .insert(agentMemories)
    .values(values)
    .onConflictDoUpdate({
      target: [agentMemories.workspaceId, agentMemories.agentId, agentMemories.projectId, agentMemories.category, agentMemories.key],
      set: { content: values.content, importance: values.importance, expiresAt: values.expiresAt, updatedAt: new Date() },
    })
    .returning()
  return row
}

/** Unexpired facts, most important first (or, with `q`, most relevant to it first). */
export async function recallFacts(
  ctx: ServiceContext,
  input: { q?: string; projectId?: string | null; agentId?: string | null; limit?: number; now?: Date } = {},
): Promise<Array<AgentMemory & { relevance: number | null }>> {
  const now = input.now ?? new Date()
  const q = input.q?.trim()
  // Any of the question's words matches (OR of its lexemes); ts_rank times importance orders the matches.
  // relevance is a float4 (ts_rank times a real), or null without a question.
  const rows = await ctx.database.query<RawRow<typeof agentMemories> & { relevance: number | null }>(
    `WITH question AS (
       SELECT CASE WHEN $2::text IS NULL THEN NULL
              ELSE to_tsquery('english', array_to_string(tsvector_to_array(to_tsvector('english', $2)), ' | ')) END AS query)
     SELECT m.*, CASE WHEN question.query IS NULL THEN NULL
                 ELSE ts_rank(to_tsvector('english', m.key || ' ' || m.content), question.query) * m.importance END AS relevance
     FROM agent_memories m, question
     WHERE m.workspace_id = $1 AND (m.expires_at IS NULL OR m.expires_at > $3)
       AND ($4::uuid IS NULL OR m.project_id IS NULL OR m.project_id = $4::uuid)
       AND ($5::uuid IS NULL OR m.agent_id IS NULL OR m.agent_id = $5::uuid)
       AND (question.query IS NULL OR to_tsvector('english', m.key || ' ' || m.content) @@ question.query)
     ORDER BY relevance DESC NULLS LAST, m.importance DESC, m.updated_at DESC
     LIMIT $6`,
    [ctx.workspaceId, q || null, now.toISOString(), input.projectId ?? null, input.agentId ?? null, input.limit ?? 50],
  )
  return rows.map((r) => ({
    id: r.id,
    workspaceId: r.workspace_id,
    agentId: r.agent_id,
    projectId: r.project_id,
    category: r.category,
    key: r.key,
    content: r.content,
    importance: r.importance,
    expiresAt: r.expires_at ? new Date(r.expires_at) : null,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    relevance: r.relevance === null ? null : Number(r.relevance),
  }))
}

export async function forgetFact(ctx: ServiceContext, id: string): Promise<void> {
  const deleted = await ctx.database.db
    .delete(agentMemories)
    .where(and(eq(agentMemories.workspaceId, ctx.workspaceId), eq(agentMemories.id, id)))
    .returning({ id: agentMemories.id })
  if (deleted.length === 0) throw new NotFoundError('Memory')
}

/** Removes expired facts (kept out of recall already; this frees the rows). */
export async function pruneExpiredFacts(ctx: ServiceContext, now = new Date()): Promise<number> {
  const deleted = await ctx.database.db
    .delete(agentMemories)
    .where(and(eq(agentMemories.workspaceId, ctx.workspaceId), sql`${agentMemories.expiresAt} <= ${now.toISOString()}`))
    .returning({ id: agentMemories.id })
  return deleted.length
}

/** The few facts most relevant to a question, as prompt lines; null when none match. */
export async function memoriesForPrompt(ctx: ServiceContext, question: string): Promise<string | null> {
  const facts = await recallFacts(ctx, { q: question, limit: 5 })
  return facts.length ? facts.map((f) => `- ${f.key}: ${f.content}`).join('\n') : null
}
