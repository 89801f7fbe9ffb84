// The search modes, apart from the ranking code so the CLI can check `--mode` without loading it.
export const searchModes = ['hybrid', 'vector', 'fulltext'] as const
export type SearchMode = (typeof searchModes)[number]
