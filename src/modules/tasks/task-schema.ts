// Request shapes of tasks, shared by the API, the CLI and other modules (analysis creates tasks through them).
import { z } from 'zod'
import { taskCategories, taskKinds, taskPriorities, taskSources, taskStatuses } from './schema.js'

/** Seed 002 system_upgrades / system_fixes fields of a task of that kind. */
export const taskKindDetailsSchema = z.object({
  stage: z.string().max(50).optional(),
  category: z.string().max(100).optional(),
  stepsToReproduce: z.string().max(20_000).optional(),
  affectedComponent: z.string().max(200).optional(),
  resolutionNotes: z.string().max(20_000).optional(),
  projectPlanUrl: z.string().max(2000).optional(),
  associatedLinks: z.string().max(5000).optional(),
})

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
  /** Where the task came from (seed 002 tasks.source); 'manual' when absent. */
  source: z.enum(taskSources).optional(),
  kind: z.enum(taskKinds).optional(),
  kindDetails: taskKindDetailsSchema.optional(),
})
export type TaskInput = z.infer<typeof taskInputSchema>

export const taskPatchSchema = taskInputSchema.omit({ sourceMessageIds: true, aiGenerated: true, source: true }).partial()
export type TaskPatch = z.infer<typeof taskPatchSchema>

export const taskFiltersSchema = z.object({
  status: z.enum(taskStatuses).optional(),
  priority: z.enum(taskPriorities).optional(),
  category: z.enum(taskCategories).optional(),
  projectId: z.uuid().optional(),
  assignee: z.string().max(200).optional(),
  parentTaskId: z.uuid().optional(),
  q: z.string().max(500).optional(),
  /** A tag name: tasks carrying the tag (tags module) or the label of that name. */
  tag: z.string().max(100).optional(),
  kind: z.enum(taskKinds).optional(),
  source: z.enum(taskSources).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
})
export type TaskFilters = z.infer<typeof taskFiltersSchema>
