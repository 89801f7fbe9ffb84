// Scores messages for noise and importance and stores the result on the messages (through the message store).
// The local rules always run; a model, when one is assigned to the noise_scoring task, replaces their verdict
// (see classifyWithModel), while facts only the database knows (bot author, duplicate, service event) still apply.
import { z } from 'zod'
import type { ServiceContext } from '../../lib/context.js'
import { ValidationError } from '../../lib/errors.js'
import {
  forEachMessagePage,
  writeNoiseScores,
  type MessageForAnalysis,
  type MessageSelection,
  type NoiseScoreWrite,
} from '../messages/index.js'
import { analysisStatusFor, scoreNoiseFeatures, type NoiseScore } from './score.js'
import { scoreWithModel } from './model-scoring.js'

export const scoreMessagesResultSchema = z.object({
  scored: z.number().int(),
  byClassification: z.record(z.string(), z.number()),
  scorer: z.enum(['local', 'model']),
})
export type ScoreMessagesResult = z.infer<typeof scoreMessagesResultSchema>

/** Messages are sent to the scorer in batches of this size (a model's context, one UPDATE per batch). */
const batchSize = 200

export async function scoreMessages(ctx: ServiceContext, selection: MessageSelection): Promise<ScoreMessagesResult> {
  if (!selection.messageIds && !selection.conversationId) {
    throw new ValidationError('Give messageIds or conversationId', [{ path: 'messageIds', message: 'required' }])
  }
  const byClassification: Record<string, number> = {}
  let scored = 0
  let scorer: ScoreMessagesResult['scorer'] = 'local'
  await forEachMessagePage(ctx, selection, batchSize, async (batch) => {
    const local = new Map(batch.map((m) => [m.id, scoreLocally(m)]))
    const fromModel = await scoreWithModel(ctx, batch, local)
    if (fromModel) scorer = 'model'
    const rows: NoiseScoreWrite[] = batch.map((m) => {
      const score = fromModel?.get(m.id) ?? local.get(m.id)!
      byClassification[score.noiseClassification] = (byClassification[score.noiseClassification] ?? 0) + 1
      return {
        id: m.id,
        importanceScore: score.importanceScore,
        noiseClassification: score.noiseClassification,
        noiseFactors: score.factors,
        analysisStatus: analysisStatusFor(score.noiseClassification),
      }
    })
    scored += await writeNoiseScores(ctx, rows)
  })
  ctx.log.debug({ scored, byClassification, scorer }, 'noise scoring done')
  return { scored, byClassification, scorer }
}

export function scoreLocally(message: MessageForAnalysis): NoiseScore {
  return scoreNoiseFeatures({
    content: message.content,
    isBot: message.isBot,
    duplicate: message.duplicateOfRecent,
    service: message.contentKind === 'service',
  })
}
