// Request and response shapes of people as contacts, shared by the API, the CLI and the web client.
import { z } from 'zod'
import { entityTagSchema } from '../tags/index.js'

export const relationships = ['family', 'friend', 'colleague', 'client', 'other'] as const

const contactFields = {
  email: z.email().max(320).nullable().optional(),
  phone: z
    .string()
    .trim()
    .max(50)
    .regex(/^[+0-9 ()./-]*$/, 'digits, spaces and + ( ) . / - only')
    .nullable()
    .optional(),
  relationship: z.enum(relationships).nullable().optional(),
  notes: z.string().max(20_000).nullable().optional(),
}

export const personInputSchema = z.object({ displayName: z.string().trim().min(1).max(200), ...contactFields })
export type PersonInput = z.infer<typeof personInputSchema>
export const personPatchSchema = personInputSchema.partial()
export type PersonPatch = z.infer<typeof personPatchSchema>

export const peopleFiltersSchema = z.object({
  /** Words of the name, e-mail, phone or a channel identity's name. */
  q: z.string().max(200).optional(),
  /** A tag name: only people carrying it. */
  tag: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})
export type PeopleFilters = z.infer<typeof peopleFiltersSchema>

export const personViewSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  relationship: z.string().nullable(),
  notes: z.string().nullable(),
  tags: z.array(entityTagSchema),
  identityCount: z.number().int(),
  messageCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type PersonView = z.infer<typeof personViewSchema>

const personMessageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  conversationTitle: z.string().nullable(),
  sourceType: z.string(),
  sentAt: z.string(),
  excerpt: z.string(),
})

export const personPageSchema = personViewSchema.extend({
  identities: z.array(
    z.object({
      id: z.string(),
      channel: z.string(),
      externalId: z.string(),
      username: z.string().nullable(),
      displayName: z.string().nullable(),
      isBot: z.boolean(),
    }),
  ),
  recentMessages: z.array(personMessageSchema),
  tasks: z.array(z.object({ id: z.string(), title: z.string(), status: z.string(), dueDate: z.string().nullable() })),
  /** Notes where they write or are named. */
  relatedNotes: z.array(personMessageSchema),
  /** Meetings where they speak or are named. */
  relatedMeetings: z.array(personMessageSchema),
})
export type PersonPage = z.infer<typeof personPageSchema>

export const mergePeopleSchema = z.object({
  /** The person who stays. */
  keepId: z.uuid(),
  /** The person folded into the kept one and removed. */
  mergeId: z.uuid(),
})
export const mergeResultSchema = z.object({
  person: personViewSchema,
  identitiesMoved: z.number().int(),
  tasksReassigned: z.number().int(),
  /** True when this merge had already been done (nothing moved this time). */
  alreadyMerged: z.boolean(),
})
export type MergeResult = z.infer<typeof mergeResultSchema>
