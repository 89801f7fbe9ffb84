// Topic classification through the LLM layer, used only when a provider/agent is assigned to topic_classification.
// Returns null when no model is assigned, so the caller uses the local classifier.
import type { ServiceContext } from '../../lib/context.js'
import type { BuiltinTaskInput, BuiltinTaskOutput } from '../llm/builtin-tasks.js'

export async function classifyWithModel(
  _ctx: ServiceContext,
  _input: BuiltinTaskInput<'topic_classification'>,
  _options: { agentId?: string } = {},
): Promise<BuiltinTaskOutput<'topic_classification'> | null> {
  // The LLM layer (src/modules/llm/index.ts runTask) is not there yet: the local classifier decides.
  return null
}
