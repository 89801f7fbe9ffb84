export { workspaces } from './schema.js'
export { ensureDefaultWorkspace, createWorkspace, defaultWorkspaceSlug } from './service.js'
