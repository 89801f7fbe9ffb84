// The email module's request and response shapes (zod), shared by routes, the CLI and the OpenAPI document.
import { z } from 'zod'
import { emailCategories, pendingEmailTaskStatuses, ruleSources, triageStatuses, writeBackKinds } from './schema.js'

export const emailCategorySchema = z.enum(emailCategories)

export const emailTriageViewSchema = z.object({
  messageId: z.string(),
  subject: z.string(),
  senderEmail: z.string().nullable(),
  sentAt: z.string(),
  category: emailCategorySchema,
  confidence: z.number(),
  model: z.string(),
  reasoning: z.string(),
  deadlines: z.array(z.object({ text: z.string(), date: z.string().nullable(), type: z.string() })),
  contacts: z.array(z.object({ name: z.string(), context: z.string() })),
  actionItems: z.array(z.string()),
  summary: z.string(),
  status: z.enum(triageStatuses),
  correctedBy: z.string().nullable(),
  classifiedAt: z.string(),
})
export type EmailTriageView = z.infer<typeof emailTriageViewSchema>

export const emailListQuerySchema = z.object({
  category: emailCategorySchema.optional(),
  status: z.enum(triageStatuses).optional(),
  sender: z.string().max(320).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})

export const correctionSchema = z.object({ category: emailCategorySchema })

export const ruleViewSchema = z.object({
  id: z.string(),
  senderEmail: z.string(),
  labelName: emailCategorySchema,
  confidence: z.number(),
  correctionCount: z.number(),
  source: z.enum(ruleSources),
  /** Off (null) by default. */
  writeBack: z.object({ kind: z.enum(writeBackKinds), target: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})

/** IMAP keywords are atoms: no spaces, parentheses, wildcards, quotes, backslashes or braces (RFC 3501 flag-keyword). */
const imapKeyword = /^[^\s()[\]{}%*"\\]+$/

export const writeBackSchema = z
  .object({ kind: z.enum(writeBackKinds), target: z.string().trim().min(1).max(512) })
  .refine((w) => w.kind !== 'keyword' || imapKeyword.test(w.target), {
    message: 'An IMAP keyword is one word without spaces or ()[]{}%*"\\',
    path: ['target'],
  })

export const ruleUpdateSchema = z
  .object({
    labelName: emailCategorySchema.optional(),
    confidence: z.number().min(0).max(1).optional(),
    /** Write-back to the mailbox for this sender's mail with this label; null turns it off. */
    writeBack: writeBackSchema.nullable().optional(),
  })
  .refine((body) => body.labelName !== undefined || body.confidence !== undefined || body.writeBack !== undefined, {
    message: 'Give labelName, confidence or writeBack',
    path: ['labelName'],
  })

export const senderStatsViewSchema = z.object({
  senderEmail: z.string(),
  senderName: z.string().nullable(),
  senderDomain: z.string(),
  totalCount: z.number(),
  actionableCount: z.number(),
  informationalCount: z.number(),
  promotionalCount: z.number(),
  junkCount: z.number(),
  suggestedAction: z.string().nullable(),
  lastEmailAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})

export const triageRequestSchema = z.object({
  /** How far back, e.g. 30d or 12h. */
  since: z
    .string()
    .regex(/^\d{1,4}[mhdw]$/, 'a duration such as 90m, 12h, 30d or 2w')
    .default('30d'),
  force: z.boolean().default(false),
})

export const triageSummarySchema = z.object({
  considered: z.number(),
  triaged: z.number(),
  byRule: z.number(),
  skipped: z.number(),
  failed: z.number(),
})

export const pendingEmailTaskViewSchema = z.object({
  id: z.string(),
  emailMessageId: z.string(),
  proposedTitle: z.string(),
  proposedNotes: z.string(),
  proposedDueDate: z.string().nullable(),
  status: z.enum(pendingEmailTaskStatuses),
  /** The review-inbox proposal this action item became, and the task its approval created. */
  proposalId: z.string().nullable(),
  taskId: z.string().nullable(),
  createdAt: z.string(),
})

const unitMs: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

/** The start of a window ending now, from a validated duration (30d). */
export function sinceToDate(since: string, now = new Date()): Date {
  return new Date(now.getTime() - Number(since.slice(0, -1)) * unitMs[since.slice(-1)])
}
