// Request shapes of projects, shared by the API, the CLI and the service.
import { z } from 'zod'
import { projectStatuses, projectTypes } from './schema.js'

const isoDate = z.iso.date()

export const projectInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(20_000).optional(),
  keywords: z.array(z.string().trim().min(1).max(100)).max(500).optional(),
  glossary: z.record(z.string().min(1).max(200), z.string().max(2000)).optional(),
  components: z
    .array(
      z.object({
        name: z.string().min(1).max(200),
        description: z.string().max(2000).optional(),
        keywords: z.array(z.string()).optional(),
      }),
    )
    .max(200)
    .optional(),
  defaultAssignees: z.array(z.string().min(1).max(200)).max(50).optional(),
  priorityRules: z
    .object({
      critical: z.array(z.string()).optional(),
      high: z.array(z.string()).optional(),
      low: z.array(z.string()).optional(),
      default: z.enum(['low', 'medium', 'high', 'critical']).optional(),
    })
    .optional(),
  pmUserId: z.uuid().nullable().optional(),
  pmName: z.string().max(200).nullable().optional(),
  version: z.string().min(1).max(50).optional(),
  status: z.enum(projectStatuses).optional(),
  type: z.enum(projectTypes).optional(),
  startDate: isoDate.nullable().optional(),
  targetDate: isoDate.nullable().optional(),
  githubRepo: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'owner/name')
    .nullable()
    .optional(),
  githubIssues: z.boolean().optional().describe('Open an issue in the linked GitHub repository for each approved proposal'),
  isActive: z.boolean().optional(),
})
export type ProjectInput = z.infer<typeof projectInputSchema>
export const projectPatchSchema = projectInputSchema.partial()
export type ProjectPatch = z.infer<typeof projectPatchSchema>
