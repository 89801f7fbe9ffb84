// The workspace module's reply shapes (zod): the OpenAPI document and the types of what its services return.
import { z } from 'zod'
import { workspaceRoles } from './schema.js'

const role = z.enum(workspaceRoles)

export const userWorkspaceSchema = z.object({ id: z.string(), name: z.string(), slug: z.string(), role })
export const createdWorkspaceSchema = z.object({ id: z.string(), name: z.string(), slug: z.string(), createdAt: z.string() })
export const memberViewSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string().nullable(),
  role,
  joinedAt: z.string(),
})
export const invitationViewSchema = z.object({
  id: z.string(),
  role,
  username: z.string().nullable(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
})
/** Only the reply that created the invitation carries its token. */
export const createdInvitationSchema = invitationViewSchema.extend({ token: z.string() })
export const acceptedInvitationSchema = z.object({ workspace: z.object({ id: z.string(), name: z.string(), slug: z.string() }), role })
