// What a run does with a draft that resembles earlier review decisions (pure, no database).
import { describe, expect, it } from 'vitest'
import { addToReport, rememberPending, screenDrafts, type ReviewMemory } from './review-memory.js'
import type { ProposalDraft } from './build-proposals.js'
import { contentTerms } from '../local-analyser/index.js'

const draft = (title: string, ids: string[], kind: 'task' | 'atom' = 'task'): ProposalDraft => ({
  kind,
  atomType: kind === 'atom' ? 'solution' : null,
  title,
  description: '',
  priority: 'medium',
  category: 'chore',
  tags: [],
  subTasks: [],
  dueDate: null,
  assigneeName: null,
  sourceMessageIds: ids,
  messageCount: ids.length,
  timeSpanSeconds: 0,
  confidence: 0.7,
  reasoning: '',
  llmRecommendation: 'new_task',
  similarityType: 'none',
  similarityScore: null,
  similarTaskId: null,
  proposedProjectId: null,
  projectKeywordsMatched: [],
  projectClassificationConfidence: 0,
  batchIndex: 0,
})

const remembered = (id: string, title: string, sourceId: string | null, reason: string | null = null) => ({
  id,
  kind: 'task',
  title,
  terms: new Set(contentTerms(title)), // as the review memory reads stored titles
  sourceId,
  reason,
  sourceMessageIds: [],
})

describe('screening drafts against review memory', () => {
  it('suppresses look-alikes of rejections from the same source only, and repeats of approved work', () => {
    const memory: ReviewMemory = { rejected: [], approved: [], pending: [] }
    memory.rejected.push(remembered('r1', 'close this pull request make commit trunk branch', 'github', 'notification footer'))
    memory.approved.push(remembered('a1', 'upgrade postgres cluster version sixteen', null))
    const screened = screenDrafts(
      [
        draft('To close this pull request, make a commit to your trunk branch', ['m1']),
        draft('Upgrade the Postgres cluster to version sixteen', ['m2']),
        draft('Write the release notes for the importer', ['m3']),
      ],
      memory,
      'github',
    )
    expect(screened.keep.map((d) => d.title)).toEqual(['Write the release notes for the importer'])
    expect(screened.suppressed.map((s) => s.reason)).toEqual(['rejected before: notification footer', 'repeats an approved proposal'])
    // The same footer in another source was never rejected there.
    const elsewhere = screenDrafts([draft('To close this pull request, make a commit to your trunk branch', ['m4'])], memory, 'slack')
    expect(elsewhere.keep).toHaveLength(1)
    const report = addToReport(addToReport({ total: 0, byReason: {} }, screened), elsewhere)
    expect(report).toMatchObject({
      total: 2,
      byReason: { 'rejected before: notification footer': 1, 'repeats an approved proposal': 1 },
      mergedIntoPending: 0,
    })
  })

  it('merges into a pending proposal, and near-identical drafts of one batch into one', () => {
    const memory: ReviewMemory = { rejected: [], approved: [], pending: [] }
    rememberPending(memory, [{ id: 'p1', kind: 'task', title: 'Remove me from your mailing list immediately', sourceId: null }])
    const screened = screenDrafts(
      [
        draft('Remove me from your mailing list immediately', ['m5']),
        draft('Review the entity locks wiki entry', ['m6']),
        draft('Review the entity locks wiki entry please', ['m7']),
        draft('Review the entity locks wiki entry', ['m8'], 'atom'),
      ],
      memory,
      null,
    )
    expect(screened.mergeIntoPending).toEqual([{ proposalId: 'p1', sourceMessageIds: ['m5'] }])
    expect(screened.keep.map((d) => [d.kind, d.sourceMessageIds])).toEqual([
      ['task', ['m6', 'm7']],
      ['atom', ['m8']],
    ])
  })
})
