export * from './schema.js'
export { ingestMessages, storeMessages, validateIngestItems, upsertSource, messagesChangedEvent, type KnownReferences } from './ingest.js'
export * from './ingest-schema.js'
export {
  listConversations,
  listConversationMessages,
  getMessage,
  findStoredExternalIds,
  findExternalIdsInSources,
  findConversationId,
} from './queries.js'
export type { MessageView, ConversationView } from './queries.js'
export * from './analysis-columns.js'
export * from './runs-columns.js'
export { markIndexingFailed, listIndexingFailures } from './indexing-status.js'
export { upsertContactIdentities, type ContactIdentity } from './contact-identities.js'
export { upsertConversationFacts, type ConversationFacts } from './conversation-metadata.js'
export { markMessagesDeleted, restoreDeletedMessages } from './deleted-messages.js'
export { loadMessagesInContext, type MessageInContext, type NeighbourMessage } from './search-context.js'
export { findPersonById, findPersonByName, findExistingMessageIds } from './people-lookups.js'
export { loadMessageTexts, getTopicPrediction, countMessagesByTopic, type MessageText } from './message-texts.js'
export {
  findConversationSourceId,
  findConversationIds,
  conversationsWithMessages,
  newestNumberedMessageId,
  messageStatsBySource,
  findNamedIdentities,
  type SourceMessageStats,
  conversationTitles,
  loadMessagesToIndex,
  lockMessagesTakenByOtherRuns,
  type MessageToIndex,
} from './conversation-lookups.js'
export { setMessageRawKey } from './message-raw-state.js'
export { listEmailMessages, countEmailMessagesByWorkspace, type StoredEmailMessage } from './email-messages.js'
export {
  listPersonRows,
  findPersonRow,
  insertPerson,
  updatePersonRow,
  listPersonIdentities,
  listPersonMessages,
  listPersonMentions,
  mergePersonRows,
  type PersonRow,
  type PersonFields,
  type PersonIdentity,
  type PersonMessage,
} from './contacts.js'
