// Ranking metrics shared by eval:retrieval and eval:judged (graded gains for nDCG, as BEIR computes them).

export function ndcgAt(run: string[], relevant: Map<string, number>, k: number): number {
  let dcg = 0
  run.slice(0, k).forEach((doc, i) => {
    const gain = relevant.get(doc) ?? 0
    if (gain) dcg += (2 ** gain - 1) / Math.log2(i + 2)
  })
  const ideal = [...relevant.values()].sort((a, b) => b - a).slice(0, k)
  const idcg = ideal.reduce((sum, gain, i) => sum + (2 ** gain - 1) / Math.log2(i + 2), 0)
  return idcg ? dcg / idcg : 0
}

export function recallAt(run: string[], relevant: Map<string, number>, k: number): number {
  const top = new Set(run.slice(0, k))
  let hit = 0
  for (const doc of relevant.keys()) if (top.has(doc)) hit++
  return relevant.size ? hit / relevant.size : 0
}
