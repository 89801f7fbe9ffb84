// eval:meetings: meeting summaries against reference summaries (QMSum's test split by default, see eval/README.md).
// Each *.json meeting goes through the meetings module's transcript parser and the `meeting_summary` task input, then
// the local analyser (no key) and, when EVAL_LLM_BASE_URL is set, a model behind an OpenAI-compatible API. The summary
// is scored with ROUGE-1 and ROUGE-L F1 (js-rouge) against the meeting's general-query answers ("Summarize the whole
// meeting."), the best reference counting when there are several.
// Last line: eval:meetings dataset=D n=N rouge1=A rougeL=B (of the last summariser run).
import { readdirSync, readFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { l as rougeL, n as rougeN } from 'js-rouge'
import { z } from 'zod'
import { parseTranscript } from '../src/modules/meetings/index.js'
import { summariseMeetingLocally } from '../src/modules/local-analyser/index.js'
import type { BuiltinTaskInput } from '../src/modules/llm/index.js'
import { builtinTaskModel } from './builtin-task-model.js'

type Input = BuiltinTaskInput<'meeting_summary'>
type Summariser = { name: string; summarise: (input: Input) => Promise<string> }
type Example = { file: string; input: Input; references: string[] }

const referencesSchema = z.object({
  general_query_list: z.array(z.object({ query: z.string(), answer: z.string() })).default([]),
  /** Other sets may give plain reference summaries. */
  summaries: z.array(z.string()).optional(),
})

function argument(flag: string): string | undefined {
  const index = process.argv.indexOf(flag)
  return index >= 0 ? process.argv[index + 1] : undefined
}

async function loadExamples(dir: string, limit: number): Promise<Example[]> {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .slice(0, limit)
  const examples: Example[] = []
  for (const name of files) {
    const text = readFileSync(join(dir, name), 'utf8')
    const meta = referencesSchema.parse(JSON.parse(text))
    // The whole-meeting question first; other general queries ("What did the group discuss about X?") are narrower.
    const whole = meta.general_query_list.filter((q) => /summari[sz]e the whole meeting/i.test(q.query)).map((q) => q.answer)
    const references = meta.summaries ?? (whole.length > 0 ? whole : meta.general_query_list.map((q) => q.answer))
    if (references.length === 0) continue
    const turns = await parseTranscript(name, text)
    examples.push({
      file: name,
      references,
      input: {
        title: basename(name, '.json'),
        turns: turns.map((turn, i) => ({ id: `t${i + 1}`, speaker: turn.speaker, startSeconds: turn.startSeconds, text: turn.text })),
      },
    })
  }
  return examples
}

/** rouge-score's default tokenisation (lower case, runs of letters and digits, no stemming). */
const tokenizer = (text: string) => text.toLowerCase().match(/[a-z0-9]+/g) ?? []
/** The whole summary as one sequence: plain ROUGE-L, not the sentence-level union (ROUGE-Lsum). */
const segmenter = (text: string) => [text]

function score(candidate: string, references: string[]) {
  if (!candidate.trim()) return { rouge1: 0, rougeL: 0 }
  let best = { rouge1: 0, rougeL: 0 }
  for (const reference of references) {
    const rouge1 = rougeN(candidate, reference, { n: 1, tokenizer, caseSensitive: false })
    const rougeLcs = rougeL(candidate, reference, { tokenizer, segmenter, caseSensitive: false })
    if (rouge1 + rougeLcs > best.rouge1 + best.rougeL) best = { rouge1, rougeL: rougeLcs }
  }
  return best
}

const localSummariser: Summariser = { name: 'local', summarise: async (input) => summariseMeetingLocally(input).summary }

function modelSummariser(): Summariser | null {
  const model = builtinTaskModel('meeting_summary', 'transcript')
  return model && { name: model.name, summarise: async (input) => (await model.run(input))?.summary ?? '' }
}

async function main() {
  const dir = resolve(argument('--data') ?? '../shared/eval/ir_benchmark/qmsum_test')
  const limit = Number(argument('--limit') ?? Infinity)
  const verbose = process.argv.includes('--verbose')
  const examples = await loadExamples(dir, limit)
  if (examples.length === 0) throw new Error(`${dir}: no *.json meeting with reference summaries`)
  const dataset = basename(dir)
  const summarisers = [localSummariser, modelSummariser()].filter((s): s is Summariser => s !== null)
  for (const summariser of summarisers) {
    let rouge1 = 0
    let rougeLTotal = 0
    let words = 0
    for (const example of examples) {
      const summary = await summariser.summarise(example.input)
      const result = score(summary, example.references)
      rouge1 += result.rouge1
      rougeLTotal += result.rougeL
      words += summary.split(/\s+/).filter(Boolean).length
      if (verbose) console.log(`${example.file} rouge1=${result.rouge1.toFixed(3)} rougeL=${result.rougeL.toFixed(3)}\n  ${summary}\n`)
    }
    const n = examples.length
    console.log(`summariser=${summariser.name} mean_summary_words=${Math.round(words / n)}`)
    console.log(`eval:meetings dataset=${dataset} n=${n} rouge1=${(rouge1 / n).toFixed(3)} rougeL=${(rougeLTotal / n).toFixed(3)}`)
  }
}

await main()
