// Synthetic team chat for the benchmarks: messages that mix one topic's words with everyday filler, Zipf-like,
// reproducible from a seed (bench:search and bench:assistant index the same kind of archive).

// Topics of team chat; each message mixes one topic's words with everyday filler, Zipf-like.
export const topics = [
  'deploy release rollback pipeline build staging production migration hotfix tag version canary',
  'database postgres index query slow vacuum replica backup restore schema table lock',
  'kubernetes pod node cluster memory cpu evicted helm ingress container image registry',
  'invoice customer contract refund pricing discount renewal billing payment subscription churn',
  'design mockup figma onboarding signup flow button layout colour typography accessibility',
  'incident outage alert pager latency timeout error rate dashboard grafana metrics',
  'meeting agenda notes retro planning sprint roadmap estimate priority backlog',
  'security password token certificate tls audit vulnerability patch access permission',
  'hiring interview candidate offer onboarding laptop contract salary recruiter',
  'mobile ios android app store review crash push notification release beta',
].map((t) => t.split(' '))
export const filler =
  'ok thanks please today tomorrow later check looks good fixed done update quick question team again soon issue ticket'.split(' ')
export const names = 'ada bob cy dee eve finn gus hana ivan jo kai lena milo nora otto pia'.split(' ')

export function sentence(rand: () => number, topic: string[], words: number) {
  const out: string[] = []
  for (let i = 0; i < words; i++) {
    const r = rand()
    if (r < 0.55) out.push(topic[Math.floor(topic.length * rand() ** 2)])
    else if (r < 0.9) out.push(filler[Math.floor(filler.length * rand())])
    else out.push(names[Math.floor(names.length * rand())])
  }
  return out.join(' ')
}

/** Messages `from` .. `from + size - 1` of the archive: 200 rooms, 16 authors, one a minute from 2025-01-01. */
export function syntheticMessages(rand: () => number, from: number, size: number) {
  return Array.from({ length: size }, (_, i) => {
    const n = from + i
    const topic = topics[Math.floor(rand() * topics.length)]
    return {
      externalId: String(n),
      conversation: { externalId: `room-${n % 200}`, title: `Room ${n % 200}` },
      author: { externalId: names[n % names.length], displayName: names[n % names.length] },
      sentAt: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
      content: sentence(rand, topic, 6 + Math.floor(rand() * 20)),
    }
  })
}
