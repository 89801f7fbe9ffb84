// eval:email: email triage (seed 002's four categories) on a labelled folder: *.eml files plus labels.csv
// (file,category). Each file goes through the importer's parser and the same task input as stored mail, then the
// local analyser (no key) and, when EVAL_LLM_BASE_URL is set, a model behind an OpenAI-compatible API.
// Last line: eval:email dataset=D n=N accuracy=A macro_f1=F (of the last triager run).
import { readFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { parseEmailMessage } from '../src/modules/importers/index.js'
import { emailTriageInput } from '../src/modules/email/triage-input.js'
import { triageEmailLocally } from '../src/modules/local-analyser/index.js'
import { emailCategoryValues, type BuiltinTaskInput } from '../src/modules/llm/index.js'
import { builtinTaskModel } from './builtin-task-model.js'

type Category = (typeof emailCategoryValues)[number]
type Triager = { name: string; triage: (input: BuiltinTaskInput<'triage_email'>) => Promise<Category> }
type Example = { file: string; label: Category; input: BuiltinTaskInput<'triage_email'> }

function argument(flag: string): string | undefined {
  const index = process.argv.indexOf(flag)
  return index >= 0 ? process.argv[index + 1] : undefined
}

async function loadExamples(dir: string): Promise<Example[]> {
  const lines = readFileSync(join(dir, 'labels.csv'), 'utf8').trim().split('\n').slice(1)
  const examples: Example[] = []
  for (const [lineNumber, line] of lines.entries()) {
    const [file, label] = line.split(',').map((cell) => cell.trim())
    if (!(emailCategoryValues as readonly string[]).includes(label)) {
      throw new Error(`${join(dir, 'labels.csv')} line ${lineNumber + 2}: category must be one of ${emailCategoryValues.join(', ')}`)
    }
    const mapped = await parseEmailMessage(readFileSync(join(dir, file)), new Date(0))
    if ('error' in mapped) throw new Error(`${file}: ${mapped.error}`)
    const message = mapped.message
    const input = emailTriageInput({ id: file, content: message.content, sentAt: message.sentAt, raw: message.raw })
    examples.push({ file, label: label as Category, input })
  }
  return examples
}

const localTriager: Triager = { name: 'local', triage: async (input) => triageEmailLocally(input).category }

function modelTriager(): Triager | null {
  const model = builtinTaskModel('triage_email', 'email')
  return model && { name: model.name, triage: async (input) => (await model.run(input))?.category ?? 'informational' }
}

function scores(pairs: Array<{ label: Category; predicted: Category }>) {
  const accuracy = pairs.filter((p) => p.label === p.predicted).length / pairs.length
  const perClass = emailCategoryValues.map((category) => {
    const tp = pairs.filter((p) => p.label === category && p.predicted === category).length
    const fp = pairs.filter((p) => p.label !== category && p.predicted === category).length
    const fn = pairs.filter((p) => p.label === category && p.predicted !== category).length
    const precision = tp + fp ? tp / (tp + fp) : 0
    const recall = tp + fn ? tp / (tp + fn) : 0
    return { category, support: tp + fn, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 }
  })
  // Macro F1 over the categories present in the labels (a class with no example has no meaningful F1).
  const present = perClass.filter((c) => c.support > 0)
  return { accuracy, macroF1: present.reduce((sum, c) => sum + c.f1, 0) / present.length, perClass }
}

async function main() {
  const data = argument('--data')
  if (!data) throw new Error('usage: npm run eval:email -- --data DIR [--verbose]  (DIR holds *.eml and labels.csv of file,category)')
  const dir = resolve(data)
  const examples = await loadExamples(dir)
  const triagers = [localTriager, modelTriager()].filter((t): t is Triager => t !== null)
  let last = ''
  for (const triager of triagers) {
    const pairs = []
    for (const example of examples) {
      const predicted = await triager.triage(example.input)
      pairs.push({ label: example.label, predicted })
      if (process.argv.includes('--verbose') && predicted !== example.label)
        console.log(`  miss ${example.file}: ${example.label} -> ${predicted}`)
    }
    const result = scores(pairs)
    console.log(`${triager.name}: ${result.perClass.map((c) => `${c.category} f1=${c.f1.toFixed(3)} (n=${c.support})`).join(', ')}`)
    last = `eval:email dataset=${basename(dir)} n=${pairs.length} accuracy=${result.accuracy.toFixed(3)} macro_f1=${result.macroF1.toFixed(3)}`
    console.log(`${last} triager=${triager.name}`)
  }
  console.log(last)
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
