// Noise scoring through the LLM layer, used only when a model is assigned to the noise_scoring task. Returns null
// when none is (or the call fails), so the caller keeps the local rules' verdict. What only the database knows
// (a duplicate in the conversation, a service event, a bot author) still decides over the model's answer.
import type { ServiceContext } from '../../lib/context.js'
import type { MessageForAnalysis } from '../messages/index.js'
import type { NoiseScore } from './score.js'

export async function scoreWithModel(
  ctx: ServiceContext,
  messages: MessageForAnalysis[],
  local: Map<string, NoiseScore>,
): Promise<Map<string, NoiseScore> | null> {
  if (messages.length === 0) return null
  // Imported when needed: the llm layer's local analyser imports this module's index (a load-time cycle otherwise).
  const { runTask, taskHasRemoteAgent } = await import('../llm/index.js')
  if (!(await taskHasRemoteAgent(ctx, 'noise_scoring'))) return null
  let output
  try {
    output = (
      await runTask(ctx, {
        task: 'noise_scoring',
        purpose: 'noise',
        input: { messages: messages.map((m) => ({ id: m.id, author: m.author, isBot: m.isBot, sentAt: m.sentAt, content: m.content })) },
      })
    ).output
  } catch (error) {
    ctx.log.warn({ err: (error as Error).message }, 'noise scoring by model failed; using the local rules')
    return null
  }
  const answers = new Map(output.results.map((r) => [r.id, r]))
  const scores = new Map<string, NoiseScore>()
  for (const message of messages) {
    const rules = local.get(message.id)!
    const answer = answers.get(message.id)
    if (!answer) {
      scores.set(message.id, rules)
      continue
    }
    const facts = {
      duplicate: rules.factors.duplicate ?? 0,
      service: rules.factors.service ?? 0,
      bot_author: rules.factors.bot_author ?? 0,
    }
    const forcedNoise = facts.duplicate === 1 || facts.service === 1
    scores.set(message.id, {
      importanceScore: forcedNoise ? Math.min(answer.importance_score, rules.importanceScore) : answer.importance_score,
      noiseClassification: forcedNoise && answer.noise_classification !== 'spam' ? 'noise' : answer.noise_classification,
      factors: { ...answer.factors, ...facts },
    })
  }
  return scores
}
