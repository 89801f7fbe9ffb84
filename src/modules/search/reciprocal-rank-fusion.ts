// Reciprocal rank fusion (Cormack et al. 2009): score = sum over lists of 1 / (k + rank). It needs no score
// calibration between BM25 and cosine similarity, which live on unrelated scales.

export const defaultRrfK = 60

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
