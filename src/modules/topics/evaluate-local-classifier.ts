// Measures the local topic classifier on CLINC150 (../shared/eval/labelled_datasets/clinc150): its 10 domains become
// topics whose keywords are the domain's intent names, as a person might set them up. Not a test: a figure for the docs.
//   npx tsx src/modules/topics/evaluate-local-classifier.ts [--data DIR] [--split val|test]
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { classifyTopicsLocally } from './local-classifier.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback
}
const dir = option('data', '../shared/eval/labelled_datasets/clinc150')
const split = option('split', 'val')
/** Labelled training messages per intent appended to the topic's description, as ground-truth labels would be. */
const examplesPerIntent = Number(option('examples', '0'))

const domains = JSON.parse(readFileSync(join(dir, 'domains.json'), 'utf8')) as Record<string, string[]>
const data = JSON.parse(readFileSync(join(dir, 'data_full.json'), 'utf8')) as Record<string, [string, string][]>
const domainOfIntent = new Map<string, string>()
for (const [domain, intents] of Object.entries(domains)) for (const intent of intents) domainOfIntent.set(intent, domain)

const examples = new Map<string, string[]>()
const seenPerIntent = new Map<string, number>()
for (const [text, intent] of data.train) {
  const domain = domainOfIntent.get(intent)
  if (!domain || (seenPerIntent.get(intent) ?? 0) >= examplesPerIntent) continue
  seenPerIntent.set(intent, (seenPerIntent.get(intent) ?? 0) + 1)
  examples.set(domain, [...(examples.get(domain) ?? []), text])
}
const topics = Object.entries(domains).map(([domain, intents]) => ({
  id: domain,
  name: domain.replace(/_/g, ' '),
  description: (examples.get(domain) ?? []).join('\n'),
  keywords: intents.map((i) => i.replace(/_/g, ' ')),
}))
const inScope = data[split].map(([text, intent], i) => ({ id: String(i), content: text, expected: domainOfIntent.get(intent)! }))
const outOfScope = data[`oos_${split}`].map(([text], i) => ({ id: `oos${i}`, content: text }))

const started = performance.now()
const { results } = await classifyTopicsLocally({ topics, messages: [...inScope, ...outOfScope] })
const elapsedMs = performance.now() - started
const byId = new Map(results.map((r) => [r.id, r]))
const correct = inScope.filter((m) => byId.get(m.id)!.topic_id === m.expected).length
const unassigned = inScope.filter((m) => byId.get(m.id)!.topic_id === null).length
const oosRejected = outOfScope.filter((m) => byId.get(m.id)!.topic_id === null).length
const fmt = (x: number) => x.toFixed(3)
console.log(
  `topics:local dataset=clinc150-domains split=${split} examples_per_intent=${examplesPerIntent} messages=${inScope.length} accuracy=${fmt(correct / inScope.length)} ` +
    `unassigned=${fmt(unassigned / inScope.length)} oos_rejected=${fmt(oosRejected / Math.max(1, outOfScope.length))} ` +
    `ms_per_message=${fmt(elapsedMs / (inScope.length + outOfScope.length))}`,
)
