// How much prompt the assistant's chat model takes: its context window and reserved output, for prompt budgets.
import type { ServiceContext } from '../../lib/context.js'
import { chatAgent } from './chat-stream.js'
import { findOrAddModel } from './model-catalog.js'

export type ChatModelLimits = { model: string; contextWindow: number | null; maxOutputTokens: number | null }

/** Null when no chat agent is configured (the assistant then answers locally). */
export async function chatModelLimits(ctx: ServiceContext, agentId?: string): Promise<ChatModelLimits | null> {
  const agent = await chatAgent(ctx, agentId)
  if (!agent) return null
  const model = await findOrAddModel(ctx, agent.modelName)
  return {
    model: agent.modelName,
    contextWindow: model.contextWindow ?? null,
    maxOutputTokens: agent.maxTokens ?? model.maxOutputTokens ?? null,
  }
}
