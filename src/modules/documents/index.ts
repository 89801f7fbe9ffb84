// What other modules may use of documents (the folder and WebDAV connectors store files through these).
export { storeDocument, removeDocuments, type DocumentInput, type StoredDocument, type StoreOutcome } from './store-document.js'
export { syncFolder, knownEtags, emptyCounts, documentBatchOptions, type DocumentSyncCounts } from './folder-sync.js'
export { documentFormat, supportedExtensions } from './extract/extract-document.js'
export { files, fileDeliverables } from './schema.js'
export { fileExists } from './documents-queries.js'
