export { workspaces, workspaceMemberships, workspaceInvitations } from './schema.js'
export { ensureDefaultWorkspace, createWorkspace, createOwnedWorkspace, findWorkspace, defaultWorkspaceSlug, listWorkspaceIds } from './service.js'
export { addMember, membershipRole, listUserWorkspaces, listMembers } from './memberships.js'
