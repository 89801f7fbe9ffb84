// Sends one batch to the LLM layer (runTask: the assigned agent, or the local analyser when none is configured)
// for task and atom extraction, and keeps only what refers to messages of the batch.
import type { ServiceContext } from '../../lib/context.js'
import { runTask, type BuiltinTaskOutput } from '../llm/index.js'
import type { Batch } from './batching.js'

export type ExtractedTask = BuiltinTaskOutput<'task_extraction'>['tasks'][number]
export type ExtractedAtom = BuiltinTaskOutput<'atom_extraction'>['atoms'][number]

export type BatchExtraction = {
  tasks: ExtractedTask[]
  atoms: ExtractedAtom[]
  tokens: number
  costUsd: number
  /** Items dropped because none of their source message ids belongs to the batch (a model's invention). */
  dropped: number
}

export type ExtractOptions = {
  runId: string
  agentId: string | null
  extractAtoms: boolean
  project: { name: string; keywords?: string[]; glossary?: Record<string, string> } | null
  existingTasks: Array<{ id: string; title: string }>
  signal?: AbortSignal
}

export async function extractFromBatch(ctx: ServiceContext, batch: Batch, options: ExtractOptions): Promise<BatchExtraction> {
  const messages = batch.messages.map((m) => ({ id: m.id, author: m.author, isBot: m.isBot, sentAt: m.sentAt, content: m.content }))
  const common = {
    purpose: 'analysis-run',
    agentId: options.agentId ?? undefined,
    links: { runId: options.runId, conversationId: batch.conversationId },
    signal: options.signal,
  }
  const taskCall = await runTask(ctx, {
    ...common,
    task: 'task_extraction',
    input: { project: options.project, existingTasks: options.existingTasks.slice(0, 50), messages },
  })
  let tokens = taskCall.tokensIn + taskCall.tokensOut
  let costUsd = taskCall.costUsd
  let atoms: ExtractedAtom[] = []
  if (options.extractAtoms) {
    const atomCall = await runTask(ctx, { ...common, task: 'atom_extraction', input: { messages } })
    atoms = atomCall.output.atoms
    tokens += atomCall.tokensIn + atomCall.tokensOut
    costUsd += atomCall.costUsd
  }
  const inBatch = new Set(batch.messages.map((m) => m.id))
  const keepKnown = <T extends { source_message_ids: string[] }>(items: T[]) =>
    items
      .map((item) => ({ ...item, source_message_ids: [...new Set(item.source_message_ids.filter((id) => inBatch.has(id)))] }))
      .filter((item) => item.source_message_ids.length > 0)
  const tasks = keepKnown(taskCall.output.tasks)
  const keptAtoms = keepKnown(atoms)
  return {
    tasks,
    atoms: keptAtoms,
    tokens,
    costUsd,
    dropped: taskCall.output.tasks.length - tasks.length + atoms.length - keptAtoms.length,
  }
}
