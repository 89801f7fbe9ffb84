// What other modules may use from the importers.
export { runImport, type ImportSummary, type RunImportInput } from './run-import.js'
export { getImportRun, listImportRuns, type ImportRunView } from './import-runs.js'
export { importKinds, type ImportKind } from './import-types.js'
export { mapSlackMessage, resolveSlackText, type SlackUser, type SlackChannel } from './slack-message.js'
export { parseEmailMessage, type MappedEmail } from './email-message.js'
export { splitMbox } from './mbox-split.js'
export { safeFileName } from './safe-file-name.js'
