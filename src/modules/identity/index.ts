// What other modules may use from identity.
export { users, sessions, apiTokens } from './schema.js'
export { createUser, findUserByUsername, getUser, publicUser, type PublicUser } from './users.js'
export { createApiToken } from './api-tokens.js'
export { apiTokenAuthenticator, sessionCookieAuthenticator, noWorkspaceId } from './authenticators.js'
export { countUsers, findUsername, listAdminUserIds } from './users.js'
export { createFirstAdmin } from './signup.js'
export { listPendingSignupRequests } from './signup.js'
export { listMembers } from './workspace-members.js'
