// Topic classification through the LLM layer: with an explicit agent (experiments), or when a model is assigned to
// the topic_classification task. Returns null when no model would answer, so the caller uses the local classifier.
import type { ServiceContext } from '../../lib/context.js'
import type { BuiltinTaskInput, BuiltinTaskOutput } from '../llm/builtin-tasks.js'
import { hasAssignedModel } from '../noise/assigned-model.js'

export type ModelClassification = { output: BuiltinTaskOutput<'topic_classification'>; provider: string; model: string }

export async function classifyWithModel(
  ctx: ServiceContext,
  input: BuiltinTaskInput<'topic_classification'>,
  options: { agentId?: string; purpose?: string } = {},
): Promise<ModelClassification | null> {
  if (!options.agentId && !(await hasAssignedModel(ctx, 'topic_classification'))) return null
  // Imported when needed: the llm layer's local analyser imports the topics module (a load-time cycle otherwise).
  const { runTask } = await import('../llm/index.js')
  const result = await runTask(ctx, { task: 'topic_classification', purpose: options.purpose ?? 'topics', agentId: options.agentId, input })
  return { output: result.output, provider: result.provider, model: result.model }
}
