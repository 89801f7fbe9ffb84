// What other modules may use from identity.
export { users, sessions, apiTokens, auditEvents } from './schema.js'
export { recordAuditEvent, type RequestMeta } from './audit.js'
export { requestMeta, requireInstanceAdmin, requirePerson, requireSessionUser } from './http-helpers.js'
export { createUser, findUserByUsername, getUser, publicUser, type PublicUser } from './users.js'
export { createApiToken } from './api-tokens.js'
export { apiTokenAuthenticator, sessionCookieAuthenticator, noWorkspaceId } from './authenticators.js'
export { countUsers } from './users.js'
export { createFirstAdmin } from './signup.js'
