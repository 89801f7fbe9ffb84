// How close a proposal is to work that already exists: the same source messages (exact), or similar text
// (cosine of embeddings from the pipeline's embedder; token Jaccard when embedding fails).
import type { Config } from '../../config.js'
import { cosineSimilarity, embedTexts } from '../pipeline/index.js'

export type ExistingTask = { id: string; title: string; description: string; sourceMessageIds: string[] }
export type Similarity = { type: 'exact_messages' | 'semantic' | 'none'; score: number | null; taskId: string | null }

/** Cosine above this (or Jaccard above jaccardThreshold) counts as "probably the same task". */
export const semanticThreshold = 0.8
export const jaccardThreshold = 0.5

function tokens(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 2),
  )
}

export function jaccard(a: string, b: string): number {
  const x = tokens(a)
  const y = tokens(b)
  if (x.size === 0 || y.size === 0) return 0
  let both = 0
  for (const w of x) if (y.has(w)) both++
  return both / (x.size + y.size - both)
}

/** Exact: every source message of the proposal is already a source of one task. */
export function exactMatch(sourceIds: string[], tasks: ExistingTask[]): ExistingTask | null {
  if (sourceIds.length === 0) return null
  return tasks.find((t) => sourceIds.every((id) => t.sourceMessageIds.includes(id))) ?? null
}

export async function findSimilarTasks(
  config: Pick<Config, 'embedder'>,
  proposals: Array<{ text: string; sourceIds: string[] }>,
  tasks: ExistingTask[],
): Promise<Similarity[]> {
  const results: Similarity[] = proposals.map((p) => {
    const exact = exactMatch(p.sourceIds, tasks)
    return exact ? { type: 'exact_messages', score: 1, taskId: exact.id } : { type: 'none', score: null, taskId: null }
  })
  const open = results.map((r, i) => (r.type === 'none' ? i : -1)).filter((i) => i >= 0)
  if (open.length === 0 || tasks.length === 0) return results
  const taskTexts = tasks.map((t) => `${t.title}\n${t.description}`)
  let scores: number[][]
  let threshold = semanticThreshold
  try {
    const vectors = await embedTexts(config, [...open.map((i) => proposals[i].text), ...taskTexts])
    const taskVectors = vectors.slice(open.length)
    scores = open.map((_, k) => taskVectors.map((v) => cosineSimilarity(vectors[k], v)))
  } catch {
    threshold = jaccardThreshold
    scores = open.map((i) => taskTexts.map((text) => jaccard(proposals[i].text, text)))
  }
  open.forEach((i, k) => {
    let best = -1
    scores[k].forEach((s, j) => {
      if (best < 0 || s > scores[k][best]) best = j
    })
    if (best >= 0 && scores[k][best] >= threshold) {
      results[i] = { type: 'semantic', score: Number(Math.min(1, scores[k][best]).toFixed(3)), taskId: tasks[best].id }
    }
  })
  return results
}
