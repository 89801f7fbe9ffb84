// `signalbox local-task <task> [file] [--question q]`: runs one built-in task through the local analyser, offline.
// Input is the task's JSON input, or plain text where each non-empty line is one message (handy for trying rules).
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { CliError } from '../../cli/runtime.js'
import { zodIssuesToDetails } from '../../lib/errors.js'
import { builtinTasks, type BuiltinTaskKey } from '../llm/index.js'
import { runLocalTask } from './run-local-task.js'

const taskKeys = Object.keys(builtinTasks) as BuiltinTaskKey[]

/** Plain text lines become messages m1, m2 ...; for answer_with_citations they become passages p1, p2 ... */
export function inputFromText(task: BuiltinTaskKey, text: string, question: string | undefined): unknown {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  if (task === 'triage_email') return { email: { id: 'e1', from: null, subject: lines[0] ?? '', text: lines.slice(1).join('\n') } }
  if (task === 'answer_with_citations')
    return { question: question ?? '', passages: lines.map((line, i) => ({ id: `p${i + 1}`, text: line })) }
  const messages = lines.map((line, i) => {
    const authored = /^([\p{L}\p{N}_.-]{1,40}):\s+(.+)$/u.exec(line) // "anna: please send it" keeps the author
    return { id: `m${i + 1}`, author: authored ? authored[1] : null, content: authored ? authored[2] : line }
  })
  if (task === 'meeting_summary')
    return { title: '', turns: messages.map((m) => ({ id: m.id, speaker: m.author, startSeconds: null, text: m.content })) }
  return task === 'topic_classification' ? { topics: [], messages } : { messages }
}

export function registerLocalTaskCommand(program: Command) {
  program
    .command('local-task <task> [file]')
    .description(`Run a built-in task with the local analyser (no API key, no database): ${taskKeys.join(', ')}`)
    .option('--question <text>', 'the question, for answer_with_citations on plain-text passages')
    .action(async (task: string, file: string | undefined, options: { question?: string }) => {
      const output = await runLocalTaskFromText(task, readFileSync(file ?? 0, 'utf8'), options.question)
      process.stdout.write(`${JSON.stringify(output, null, 2)}\n`)
    })
}

/** The command's work without the terminal: validate the task name and input, run it, return the output. */
export async function runLocalTaskFromText(task: string, raw: string, question?: string): Promise<unknown> {
  if (!taskKeys.includes(task as BuiltinTaskKey)) throw new CliError(`task: expected one of ${taskKeys.join(', ')}`)
  const key = task as BuiltinTaskKey
  let input: unknown
  try {
    input = JSON.parse(raw)
  } catch {
    input = inputFromText(key, raw, question)
  }
  const parsed = builtinTasks[key].input.safeParse(input)
  if (!parsed.success) {
    throw new CliError(
      zodIssuesToDetails(parsed.error.issues)
        .map((d) => `${d.path}: ${d.message}`)
        .join('; '),
    )
  }
  return runLocalTask(key, parsed.data as never)
}
