// Task configs (seed 0 task_configs): a prompt template and the JSON Schema its answer must satisfy.
// The six built-in ones (builtin-task-configs.ts) can be edited but not deleted or renamed: code calls them by name.
import { z } from 'zod'
import { createSelectSchema } from 'drizzle-zod'
import { and, asc, eq, sql } from 'drizzle-orm'
import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ServiceContext } from '../../lib/context.js'
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js'
import { taskConfigs } from './schema.js'
import { ensureBuiltinTaskConfigs } from './builtin-task-configs.js'
import { withoutMetaSchema } from './json-output.js'

export const taskConfigSchema = createSelectSchema(taskConfigs, { responseSchema: z.record(z.string(), z.unknown()) })
export type TaskConfig = z.infer<typeof taskConfigSchema>
export type TaskConfigInput = {
  name: string
  description?: string | null
  promptTemplate: string
  responseSchema: Record<string, unknown>
  isActive?: boolean
}

const schemaChecker = new Ajv2020({ strict: false })

function checkResponseSchema(schema: Record<string, unknown>) {
  try {
    schemaChecker.compile(withoutMetaSchema(schema))
  } catch (error) {
    throw new ValidationError('responseSchema is not a valid JSON Schema', [{ path: 'responseSchema', message: (error as Error).message }])
  }
}

export async function listTaskConfigs(ctx: ServiceContext): Promise<TaskConfig[]> {
  await ensureBuiltinTaskConfigs(ctx)
  return ctx.database.db.select().from(taskConfigs).where(eq(taskConfigs.workspaceId, ctx.workspaceId)).orderBy(asc(taskConfigs.name))
}

export async function getTaskConfig(ctx: ServiceContext, id: string): Promise<TaskConfig> {
  await ensureBuiltinTaskConfigs(ctx)
  const [row] = await ctx.database.db
    .select()
    .from(taskConfigs)
    .where(and(eq(taskConfigs.workspaceId, ctx.workspaceId), eq(taskConfigs.id, id)))
  if (!row) throw new NotFoundError('Task config')
  return row
}

export async function createTaskConfig(ctx: ServiceContext, input: TaskConfigInput): Promise<TaskConfig> {
  await ensureBuiltinTaskConfigs(ctx)
  checkResponseSchema(input.responseSchema)
  const [row] = await ctx.database.db
    .insert(taskConfigs)
    .values({ ...input, workspaceId: ctx.workspaceId })
    .onConflictDoNothing()
    .returning()
  if (!row) throw new ConflictError(`A task config named ${input.name} already exists`)
  return row
}

export async function updateTaskConfig(ctx: ServiceContext, id: string, input: Partial<TaskConfigInput>): Promise<TaskConfig> {
  const current = await getTaskConfig(ctx, id)
  if (current.builtinKey && input.name !== undefined && input.name !== current.name) {
    throw new ValidationError('Built-in task configs cannot be renamed', [{ path: 'name', message: 'Built-in tasks are called by name' }])
  }
  if (input.responseSchema) checkResponseSchema(input.responseSchema)
  const [row] = await ctx.database.db
    .update(taskConfigs)
    .set({ ...input, updatedAt: sql`now()` })
    .where(and(eq(taskConfigs.workspaceId, ctx.workspaceId), eq(taskConfigs.id, id)))
    .returning()
  return row
}

export async function deleteTaskConfig(ctx: ServiceContext, id: string): Promise<void> {
  const current = await getTaskConfig(ctx, id)
  if (current.builtinKey) throw new ConflictError('Built-in task configs cannot be deleted; set isActive false instead')
  await ctx.database.db.delete(taskConfigs).where(and(eq(taskConfigs.workspaceId, ctx.workspaceId), eq(taskConfigs.id, id)))
}
