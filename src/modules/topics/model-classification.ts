// Topic classification through the LLM layer: with an explicit agent (experiments), or when a model is assigned to
// the topic_classification task. Returns null when no model would answer, so the caller uses the local classifier.
import type { ServiceContext } from '../../lib/context.js'
import type { BuiltinTaskInput, BuiltinTaskOutput } from '../llm/index.js'

export type ModelClassification = { output: BuiltinTaskOutput<'topic_classification'>; provider: string; model: string }

export async function classifyWithModel(
  ctx: ServiceContext,
  input: BuiltinTaskInput<'topic_classification'>,
  options: { agentId?: string; purpose?: string } = {},
): Promise<ModelClassification | null> {
  // Imported when needed: the llm layer's local analyser imports the topics module (a load-time cycle otherwise).
  const { runTask, taskHasRemoteAgent } = await import('../llm/index.js')
  if (!options.agentId && !(await taskHasRemoteAgent(ctx, 'topic_classification'))) return null
  const result = await runTask(ctx, { task: 'topic_classification', purpose: options.purpose ?? 'topics', agentId: options.agentId, input })
  return { output: result.output, provider: result.provider, model: result.model }
}
