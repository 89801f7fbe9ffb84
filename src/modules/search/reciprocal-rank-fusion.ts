// Reciprocal rank fusion (Cormack et al. 2009): score = sum over lists of 1 / (k + rank). It needs no score
// calibration between BM25 and cosine similarity, which live on unrelated scales.

/** Tuned on the SciFact dev split (eval:retrieval --tune): small k favours the top of each list. */
export const defaultRrfK = 10

/**
 * Weight of the vector list in hybrid fusion. The local hashing embedder is a weak, lexical ranker, so its list
 * counts a quarter (dev-split tuning: hybrid nDCG@10 0.541 at weight 1 -> 0.630 at 0.25); a real embedding
 * model (inline = false: it runs behind an API) counts as much as BM25.
 */
export function vectorListWeight(embedder: { inline?: boolean }): number {
  return embedder.inline ? 0.25 : 1
}

export type RankedList<T> = { name: string; items: T[]; weight?: number }

export function reciprocalRankFusion<T>(
  lists: RankedList<T>[],
  keyOf: (item: T) => string,
  k = defaultRrfK,
): Array<{ key: string; score: number; ranks: Record<string, number>; best: T }> {
  const fused = new Map<string, { key: string; score: number; ranks: Record<string, number>; best: T; bestRank: number }>()
  for (const list of lists) {
    const weight = list.weight ?? 1
    list.items.forEach((item, index) => {
      const key = keyOf(item)
      const rank = index + 1
      const entry = fused.get(key)
      if (!entry) fused.set(key, { key, score: weight / (k + rank), ranks: { [list.name]: rank }, best: item, bestRank: rank })
      else {
        if (entry.ranks[list.name] !== undefined) return // the list holds the key twice: its first rank counts
        entry.score += weight / (k + rank)
        entry.ranks[list.name] = rank
        if (rank < entry.bestRank) {
          entry.best = item
          entry.bestRank = rank
        }
      }
    })
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key))
    .map(({ key, score, ranks, best }) => ({ key, score, ranks, best }))
}
