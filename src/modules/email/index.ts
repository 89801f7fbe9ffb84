// What other modules may use of email triage.
export { emailTriage, emailSenderStats, emailLabelRules, pendingEmailTasks, emailCategories, type EmailCategory } from './schema.js'
export { triageEmails, type TriageSummary } from './triage.js'
export { listTriagedEmails, getTriagedEmail, correctEmailCategory } from './service.js'
export { emailTriageInput } from './triage-input.js'
export { listPendingEmailTasks } from './email-tasks.js'
export { listRules, updateRule } from './rules.js'
