// Request and response shapes of lists and their items (the API, the CLI and, through OpenAPI, the web client).
import { z } from 'zod'
import { listKinds } from './schema.js'

export const listInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(listKinds),
  description: z.string().max(5000).default(''),
})
export type ListInput = z.input<typeof listInputSchema>

export const listPatchSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(5000).optional(),
})
export type ListPatch = z.infer<typeof listPatchSchema>

export const listViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(listKinds),
  description: z.string(),
  itemCount: z.number().int(),
  /** The statuses an item of this kind may have; null when free (custom lists). */
  statuses: z.array(z.string()).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type ListView = z.infer<typeof listViewSchema>

export const listItemViewSchema = z.object({
  id: z.string(),
  listId: z.string(),
  title: z.string(),
  status: z.string().nullable(),
  rating: z.number().int().nullable(),
  notes: z.string(),
  mediaType: z.string().nullable(),
  year: z.number().int().nullable(),
  platform: z.string().nullable(),
  hoursPlayed: z.number().nullable(),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type ListItemView = z.infer<typeof listItemViewSchema>

export const listItemFiltersSchema = z.object({
  status: z.string().max(100).optional(),
  q: z.string().max(500).optional(),
})
export type ListItemFilters = z.infer<typeof listItemFiltersSchema>
