// Request shapes of tasks, shared by the API, the CLI and other modules (analysis creates tasks through them).
import { z } from 'zod'
import { taskCategories, taskPriorities, taskStatuses } from './schema.js'

export const taskInputSchema = z.object({
  title: z.string().trim().min(1).max(500),
  description: z.string().max(100_000).optional(),
  status: z.enum(taskStatuses).optional(),
  priority: z.enum(taskPriorities).optional(),
  category: z.enum(taskCategories).optional(),
  tags: z.array(z.string().min(1).max(100)).max(50).optional(),
  /** ISO date-time; when absent, a date stated in the title or description ("by Friday") is used. */
  dueDate: z.iso.datetime({ offset: true }).nullable().optional(),
  /** A person id, a user id, or a name. */
  assignee: z.string().min(1).max(200).nullable().optional(),
  projectId: z.uuid().nullable().optional(),
  parentTaskId: z.uuid().nullable().optional(),
  definitionOfDone: z.string().max(20_000).nullable().optional(),
  sourceMessageIds: z.array(z.uuid()).max(1000).optional(),
  aiGenerated: z.boolean().optional(),
  confidence: z.number().min(0).max(1).nullable().optional(),
})
export type TaskInput = z.infer<typeof taskInputSchema>

export const taskPatchSchema = taskInputSchema.omit({ sourceMessageIds: true, aiGenerated: true }).partial()
export type TaskPatch = z.infer<typeof taskPatchSchema>

export const taskFiltersSchema = z.object({
  status: z.enum(taskStatuses).optional(),
  priority: z.enum(taskPriorities).optional(),
  category: z.enum(taskCategories).optional(),
  projectId: z.uuid().optional(),
  assignee: z.string().max(200).optional(),
  parentTaskId: z.uuid().optional(),
  q: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
})
export type TaskFilters = z.infer<typeof taskFiltersSchema>
