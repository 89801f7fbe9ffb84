// Whether a remote model is assigned to a built-in task in this workspace. runTask itself falls back to the local
// analyser when none is, but it logs every call; noise scoring and topic classification run on every ingest, so they
// ask first and call the local rules directly when no model would answer. (A read of the llm module's tables: the
// llm index exports no such check yet.)
import type { ServiceContext } from '../../lib/context.js'

export async function hasAssignedModel(ctx: ServiceContext, builtinKey: string): Promise<boolean> {
  try {
    const rows = await ctx.database.query(
      `SELECT 1 FROM task_configs tc
       JOIN agent_task_assignments a ON a.task_id = tc.id AND a.is_active
       JOIN agent_configs ag ON ag.id = a.agent_id AND ag.is_active
       JOIN llm_providers p ON p.id = ag.provider_id AND p.is_active AND p.type <> 'local'
       WHERE tc.workspace_id = $1 AND tc.builtin_key = $2 AND tc.is_active
       LIMIT 1`,
      [ctx.workspaceId, builtinKey],
    )
    return rows.length > 0
  } catch (error) {
    // Before the llm tables exist (an older schema) there is no model to ask.
    ctx.log.debug({ err: (error as Error).message }, 'assigned model check failed')
    return false
  }
}
