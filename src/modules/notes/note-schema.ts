// Request and response shapes of notes and goals, shared by the API, the CLI and the web client (via OpenAPI).
import { z } from 'zod'
import { goalStatuses, noteTypes } from './schema.js'

export const noteInputSchema = z.object({
  title: z.string().trim().min(1).max(500),
  content: z.string().max(500_000).default(''),
  type: z.enum(noteTypes).default('idea'),
  projectId: z.uuid().nullable().optional(),
})
export type NoteInput = z.input<typeof noteInputSchema>

export const notePatchSchema = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  content: z.string().max(500_000).optional(),
  type: z.enum(noteTypes).optional(),
  projectId: z.uuid().nullable().optional(),
})
export type NotePatch = z.infer<typeof notePatchSchema>

export const noteFiltersSchema = z.object({
  type: z.enum(noteTypes).optional(),
  projectId: z.uuid().optional(),
  q: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
export type NoteFilters = z.input<typeof noteFiltersSchema>

export const noteViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  content: z.string(),
  type: z.enum(noteTypes),
  projectId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type NoteView = z.infer<typeof noteViewSchema>

const progress = z.number().int().min(0).max(100)
const targetDate = z.iso.date()

export const goalInputSchema = z.object({
  name: z.string().trim().min(1).max(500),
  category: z.string().trim().max(100).nullable().optional(),
  progress: progress.default(0),
  targetDate: targetDate.nullable().optional(),
  status: z.enum(goalStatuses).default('active'),
  notes: z.string().max(100_000).default(''),
  projectIds: z.array(z.uuid()).max(100).default([]),
})
export type GoalInput = z.input<typeof goalInputSchema>

export const goalPatchSchema = z.object({
  name: z.string().trim().min(1).max(500).optional(),
  category: z.string().trim().max(100).nullable().optional(),
  progress: progress.optional(),
  targetDate: targetDate.nullable().optional(),
  status: z.enum(goalStatuses).optional(),
  notes: z.string().max(100_000).optional(),
  /** Replaces the set of linked projects. */
  projectIds: z.array(z.uuid()).max(100).optional(),
})
export type GoalPatch = z.infer<typeof goalPatchSchema>

export const goalFiltersSchema = z.object({
  status: z.enum(goalStatuses).optional(),
  category: z.string().max(100).optional(),
  projectId: z.uuid().optional(),
})
export type GoalFilters = z.infer<typeof goalFiltersSchema>

export const goalViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  progress: z.number().int(),
  targetDate: z.string().nullable(),
  status: z.enum(goalStatuses),
  notes: z.string(),
  projectIds: z.array(z.string()),
  achievedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type GoalView = z.infer<typeof goalViewSchema>
