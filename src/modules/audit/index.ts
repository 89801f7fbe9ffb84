// What other modules may use of the audit log.
export { auditEvents } from './schema.js'
export { recordAuditEvent, listAuditEvents, findLatestAuditEvent, auditPageSchema, type AuditEventInput, type AuditQuery } from './audit.js'
