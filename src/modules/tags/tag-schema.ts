// Request and response shapes of tags, shared by the API, the CLI and the modules that show an entity's tags.
import { z } from 'zod'
import { taggableKinds, tagTypes } from './schema.js'

export const tagInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  type: z.enum(tagTypes).nullable().optional(),
  description: z.string().max(2000).nullable().optional(),
})
export type TagInput = z.infer<typeof tagInputSchema>
export const tagPatchSchema = tagInputSchema.partial()
export type TagPatch = z.infer<typeof tagPatchSchema>

export const tagViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(tagTypes).nullable(),
  description: z.string().nullable(),
  /** How many entities carry the tag. */
  usage: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type TagView = z.infer<typeof tagViewSchema>

/** A tag as an entity shows it. */
export const entityTagSchema = z.object({ id: z.string(), name: z.string(), type: z.enum(tagTypes).nullable() })
export type EntityTag = z.infer<typeof entityTagSchema>

export const taggableKindSchema = z.enum(taggableKinds)

export const setEntityTagsSchema = z.object({
  /** Tag names; unknown names are created (untyped). The entity ends with exactly these tags. */
  tags: z.array(z.string().trim().min(1).max(100)).max(100),
})

export const taggedEntitySchema = z.object({ kind: taggableKindSchema, entityId: z.string() })
