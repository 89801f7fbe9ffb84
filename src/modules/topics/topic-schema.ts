// Request shapes of topics, shared by the HTTP routes and the CLI.
import { z } from 'zod'

export const createTopicSchema = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().max(5000).optional(),
  icon: z.string().max(50).nullable().optional(),
  /** `#RRGGBB`, `#RGB` or a Tailwind colour name (`blue-500`, `emerald`); picked automatically when absent. */
  color: z.string().max(32).nullable().optional(),
  keywords: z.array(z.string().max(100)).max(200).optional(),
})

export const updateTopicSchema = createTopicSchema.partial()

export const selectionSchema = z
  .object({
    messageIds: z.array(z.uuid()).min(1).max(10_000).optional(),
    conversationId: z.uuid().optional(),
  })
  .refine((b) => b.messageIds || b.conversationId, { message: 'Give messageIds or conversationId', path: ['messageIds'] })
