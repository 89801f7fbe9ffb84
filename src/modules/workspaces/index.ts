export { workspaces, workspaceMemberships, workspaceInvitations } from './schema.js'
export { ensureDefaultWorkspace, createWorkspace, createOwnedWorkspace, findWorkspace, defaultWorkspaceSlug } from './service.js'
export { addMember, membershipRole, listUserWorkspaces } from './memberships.js'
