// What other modules may use of sources.
export * from './schema.js'
export { listSources, getSource, loadConnectedSource, toConnectedSource, type SourceView } from './service.js'
export { recordSourceFailure, recordSourceSuccess, retryDelaySeconds } from './source-state.js'
export { readWatermark, writeWatermark, readWatermarks, writeWatermarks } from './watermarks.js'
