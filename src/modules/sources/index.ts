// What other modules may use of sources.
export * from './schema.js'
export { listSources, getSource, loadConnectedSource, toConnectedSource, createConnectedSource, type SourceView } from './service.js'
export { recordSourceFailure, recordSourceSuccess, retryDelaySeconds } from './source-state.js'
export { readWatermark, writeWatermark, readWatermarks, writeWatermarks } from './watermarks.js'
export { runSourceSync, type SyncResult } from './sync.js'
export {
  findSourceRow,
  listActiveConnectedSources,
  listSourcesDueForPoll,
  listWorkspaceSourceRows,
  sourceExistsInWorkspace,
  findSourceType,
  recordRejectedDelivery,
  type SourceRow,
} from './source-lookups.js'
