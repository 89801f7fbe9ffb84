export { workspaces, workspaceMemberships, workspaceInvitations, workspaceRoles } from './schema.js'
export {
  ensureDefaultWorkspace,
  addDefaultWorkspaceMember,
  createWorkspace,
  createOwnedWorkspace,
  findWorkspace,
  defaultWorkspaceSlug,
  listWorkspaceIds,
  workspaceNames,
} from './service.js'
export { addMember, membershipRole, listUserWorkspaces, listMemberships, changeMemberRole } from './memberships.js'
export { createInvitation, listInvitations, revokeInvitation, acceptInvitation, invitationTtlSeconds } from './invitations.js'
export * from './views.js'
