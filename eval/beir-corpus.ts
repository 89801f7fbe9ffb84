// BEIR-format sets (corpus.jsonl, queries.jsonl, qrels/{dev,train,test}.tsv) for the evaluations: reading them,
// and indexing a corpus through the real pipeline (messages -> chunks -> BM25 stats + embeddings) in a PGlite.
import fs from 'node:fs'
import path from 'node:path'
import { runAutovacuumChores } from '../src/db/maintenance.js'
import type { ServiceContext } from '../src/lib/context.js'
import { ingestMessages } from '../src/modules/messages/index.js'
import { embedPendingChunks, indexMessages, type Embedder } from '../src/modules/pipeline/index.js'

export type Qrels = Map<string, Map<string, number>>
export type BeirDocument = { _id: string; title?: string; text: string }

export function readJsonl<T>(file: string): T[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T)
}

/** Relevance judgements of a split; `dev` falls back to train.tsv when the set has no dev.tsv. */
export function readQrels(dir: string, split: string): Qrels {
  const candidates = split === 'dev' ? ['dev.tsv', 'train.tsv'] : [`${split}.tsv`]
  const file = candidates.map((c) => path.join(dir, 'qrels', c)).find((f) => fs.existsSync(f))
  if (!file) throw new Error(`no qrels for split ${split} in ${dir}/qrels`)
  const qrels: Qrels = new Map()
  for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
    const [q, d, s] = line.trim().split('\t')
    if (!q || !d) continue
    const score = Number(s)
    if (!(score > 0)) continue
    if (!qrels.has(q)) qrels.set(q, new Map())
    qrels.get(q)!.set(d, score)
  }
  return qrels
}

/** The set's name: its directory, or the parent's for `beir_format*` directories. */
export function datasetName(dir: string): string {
  return path.basename(dir).startsWith('beir_format') ? path.basename(path.dirname(dir)) : path.basename(dir)
}

/** Stores each document as one message (external id = document id) and indexes it; returns message id -> doc id. */
export async function indexBeirCorpus(
  ctx: ServiceContext,
  corpus: BeirDocument[],
  dataset: string,
  embedder: Embedder | null,
): Promise<Map<string, string>> {
  for (let i = 0; i < corpus.length; i += 500) {
    const batch = corpus.slice(i, i + 500)
    const result = await ingestMessages(ctx, {
      source: { type: 'api', name: dataset },
      messages: batch.map((doc, j) => ({
        externalId: doc._id,
        conversation: { externalId: 'corpus' },
        sentAt: new Date(Date.UTC(2020, 0, 1) + (i + j) * 1000).toISOString(),
        content: doc.title ? `${doc.title}\n\n${doc.text}` : doc.text,
      })),
    })
    if (result.errors.length) throw new Error(`ingest failed: ${JSON.stringify(result.errors[0])}`)
    await indexMessages(ctx, result.changedMessageIds, { embedder })
    while ((await embedPendingChunks(ctx, { embedder })).claimed > 0);
    process.stderr.write(`\r${i + batch.length}/${corpus.length} indexed`)
  }
  process.stderr.write('\n')
  await runAutovacuumChores(ctx.database) // as the server's index job does: queries are planned on real statistics
  const docOfMessage = new Map<string, string>()
  for (const row of await ctx.database.query<{ id: string; external_id: string }>(
    'SELECT id, external_id FROM messages WHERE workspace_id = $1',
    [ctx.workspaceId],
  )) {
    docOfMessage.set(row.id, row.external_id)
  }
  return docOfMessage
}
