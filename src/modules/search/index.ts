// What other modules may use from search (the assistant and analysis reuse hybridSearch / rankMessages).
export {
  hybridSearch,
  rankMessages,
  rankMessagesWithRankers,
  searchModes,
  rankerNames,
  type RankerName,
  type SearchInput,
  type SearchMode,
  type SearchPage,
  type RankedMessage,
} from './hybrid-search.js'
export { similarMessages } from './similar-messages.js'
export {
  rankChunksFulltext,
  rankChunksByVector,
  defaultBm25,
  defaultEfSearch,
  type RankedChunk,
  type Bm25Parameters,
} from './chunk-rankings.js'
export { reciprocalRankFusion, defaultRrfK, vectorListWeight } from './reciprocal-rank-fusion.js'
export type { SearchFilters } from './filters.js'
export type { SearchHit, ContextMessage } from './search-results.js'
export { queryCoverage } from './chunk-rankings.js'
