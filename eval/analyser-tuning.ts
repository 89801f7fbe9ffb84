// `eval:retrieval --tune --analysers`: stemmers, stop lists and compound handling measured in memory before any
// of them is indexed. Each candidate is a text search configuration created in the evaluation database (no stop
// words in it, so that stop lists can be applied to its lexemes afterwards, on both sides), and the chunks' text
// is analysed again with it (eval/lexical-tuning.ts). What the published BM25 figures use is Lucene's
// EnglishAnalyzer: 33 stop words, Porter stemming, hyphenated words split into their parts.
import type { ServiceContext } from '../src/lib/context.js'
import { loadLexicalIndex, messageLevelIndex, rankLexically, type LexicalVariant } from './lexical-tuning.js'

/** PostgreSQL's tsearch_data/english.stop (what the `english` configuration drops). */
export const postgresStopWords = (
  'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself ' +
  'they them their theirs themselves what which who whom this that these those am is are was were be been being have has had having ' +
  'do does did doing a an the and but if or because as until while of at by for with about against between into through during ' +
  'before after above below to from up down in out on off over under again further then once here there when where why how all any ' +
  'both each few more most other some such no nor not only own same so than too very s t can will just don should now'
).split(' ')

const configurations = {
  /** Snowball English without stop words, hyphenated words indexed whole and in parts (as `english` does). */
  eval_snowball_whole: { language: 'english', parts: false },
  /** The same, hyphenated words by their parts only. */
  eval_snowball_parts: { language: 'english', parts: true },
  /** Porter's original stemmer (Lucene's), parts only. */
  eval_porter_parts: { language: 'porter', parts: true },
}

async function createConfigurations(ctx: ServiceContext) {
  for (const [name, c] of Object.entries(configurations)) {
    await ctx.database.query(`CREATE TEXT SEARCH DICTIONARY ${name}_stem (TEMPLATE = snowball, Language = ${c.language})`)
    await ctx.database.query(`CREATE TEXT SEARCH CONFIGURATION ${name} (COPY = english)`)
    await ctx.database.query(`ALTER TEXT SEARCH CONFIGURATION ${name} ALTER MAPPING REPLACE english_stem WITH ${name}_stem`)
    if (c.parts) await ctx.database.query(`ALTER TEXT SEARCH CONFIGURATION ${name} DROP MAPPING FOR asciihword, hword, numhword`)
  }
}

async function stopLexemes(ctx: ServiceContext, configuration: string, words: string[]) {
  const rows = await ctx.database.query<{ lexeme: string }>(`SELECT lexeme FROM unnest(to_tsvector('${configuration}', $1))`, [
    words.join(' '),
  ])
  return new Set(rows.map((r) => r.lexeme))
}

export async function compareAnalysers(
  ctx: ServiceContext,
  queries: Map<string, string>,
  evaluate: (run: Map<string, string[]>) => { ndcg10: number; recall100: number },
  queryIds: string[],
) {
  await createConfigurations(ctx)
  const variants: LexicalVariant[] = []
  for (const [k1, b] of [
    [1.2, 0.75],
    [0.9, 0.4],
    [1.2, 0.4],
    [1.5, 0.5],
  ])
    for (const length of ['distinct', 'words'] as const)
      for (const queryTermFrequency of [false, true]) variants.push({ k1, b, length, queryTermFrequency, feedback: false })
  // Lucene's 33 stop words and no stop list at all were measured first and lost to PostgreSQL's list (dev nDCG@10,
  // snowball, whole compounds, k1 1.2 b 0.75: 0.636 and 0.636 against 0.640): the stop list stays PostgreSQL's.
  const analysers: Array<[keyof typeof configurations, boolean]> = [
    ['eval_snowball_whole', false],
    ['eval_snowball_parts', false],
    ['eval_snowball_parts', true],
    ['eval_porter_parts', true],
  ]
  for (const [configuration, unsignedNumbers] of analysers) {
    const chunks = await loadLexicalIndex(ctx, queries, {
      configuration,
      stopLexemes: await stopLexemes(ctx, configuration, postgresStopWords),
      unsignedNumbers,
    })
    for (const [level, index] of [
      ['chunks', chunks],
      ['messages', messageLevelIndex(chunks)],
    ] as const)
      for (const variant of variants) {
        const result = evaluate(new Map(queryIds.map((q) => [q, rankLexically(index, q, variant)])))
        console.log(
          `  ${configuration}${unsignedNumbers ? ' unsigned-numbers' : ''} ${level} k1=${variant.k1} b=${variant.b} length=${variant.length} qtf=${variant.queryTermFrequency} nDCG@10=${result.ndcg10.toFixed(3)} R@100=${result.recall100.toFixed(3)}`,
        )
      }
  }
}
