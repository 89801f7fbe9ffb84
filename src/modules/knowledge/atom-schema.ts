// Request shapes of the knowledge graph, shared by the API and the review service.
import { z } from 'zod'
import { atomLinkTypes, atomTypes } from './schema.js'

export const atomInputSchema = z.object({
  type: z.enum(atomTypes),
  title: z.string().trim().min(1).max(200),
  content: z.string().max(100_000),
  confidence: z.number().min(0).max(1).nullable().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
  sourceMessageIds: z.array(z.uuid()).max(1000).optional(),
  /** Why this version exists; stored on the version. */
  changeSummary: z.string().max(2000).optional(),
})
export type AtomInput = z.infer<typeof atomInputSchema>

export const atomPatchSchema = atomInputSchema.omit({ sourceMessageIds: true }).partial()
export type AtomPatch = z.infer<typeof atomPatchSchema>

export const atomLinkInputSchema = z.object({
  toAtomId: z.uuid(),
  linkType: z.enum(atomLinkTypes),
  strength: z.number().min(0).max(1).nullable().optional(),
})
export type AtomLinkInput = z.infer<typeof atomLinkInputSchema>

export const topicAtomInputSchema = z.object({
  atomId: z.uuid(),
  position: z.number().int().min(0).optional(),
  note: z.string().max(5000).nullable().optional(),
})
export type TopicAtomInput = z.infer<typeof topicAtomInputSchema>
