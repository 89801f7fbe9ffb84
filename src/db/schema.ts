// The drizzle-kit entry point: re-exports every module's tables. Add one line per module.
export * from '../modules/workspaces/schema.js'
export * from '../modules/sources/schema.js'
export * from '../modules/messages/schema.js'
export * from '../jobs/schema.js'
