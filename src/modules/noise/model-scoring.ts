// Noise scoring through the LLM layer, used only when a provider/agent is assigned to the noise_scoring task.
// Returns null when no model is assigned, so the caller keeps the local rules' verdict.
import type { ServiceContext } from '../../lib/context.js'
import type { MessageForAnalysis } from '../messages/index.js'
import type { NoiseScore } from './score.js'

export async function scoreWithModel(
  _ctx: ServiceContext,
  _messages: MessageForAnalysis[],
  _local: Map<string, NoiseScore>,
): Promise<Map<string, NoiseScore> | null> {
  // The LLM layer (src/modules/llm/index.ts runTask) is not there yet: the local rules decide.
  return null
}
