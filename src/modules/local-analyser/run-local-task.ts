// The local provider's single entry point: answers any built-in LLM task without a network or model weights.
import { scoreNoiseLocally } from '../noise/index.js'
import { classifyTopicsLocally } from '../topics/index.js'
import type { BuiltinTaskInput, BuiltinTaskKey, BuiltinTaskOutput } from '../llm/index.js'
import { answerWithCitationsLocally } from './answer-with-citations.js'
import { extractAtomsLocally } from './atom-extraction.js'
import { summariseLocally } from './summarisation.js'
import { extractTasksLocally } from './task-extraction.js'
import { triageEmailLocally } from './email-triage.js'
import { summariseMeetingLocally } from './meeting-summary.js'

type LocalHandlers = { [K in BuiltinTaskKey]: (input: BuiltinTaskInput<K>) => BuiltinTaskOutput<K> | Promise<BuiltinTaskOutput<K>> }

const handlers: LocalHandlers = {
  noise_scoring: scoreNoiseLocally,
  topic_classification: classifyTopicsLocally,
  task_extraction: extractTasksLocally,
  atom_extraction: extractAtomsLocally,
  summarisation: summariseLocally,
  answer_with_citations: answerWithCitationsLocally,
  triage_email: triageEmailLocally,
  meeting_summary: summariseMeetingLocally,
}

export async function runLocalTask<K extends BuiltinTaskKey>(task: K, input: BuiltinTaskInput<K>): Promise<BuiltinTaskOutput<K>> {
  const handler = handlers[task] as (input: BuiltinTaskInput<K>) => BuiltinTaskOutput<K> | Promise<BuiltinTaskOutput<K>>
  return handler(input)
}
