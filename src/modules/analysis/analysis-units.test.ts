import { describe, expect, it } from 'vitest'
import type { RunWindowMessage } from '../messages/index.js'
import { batchMessages } from './batching.js'
import { passesPrefilter } from './execute-run.js'
import { accuracyMetrics } from './proposals.js'
import { exactMatch, findSimilarTasks, jaccard } from './similarity.js'
import { resolveWindow } from './runs.js'
import { evidencePriority } from './build-proposals.js'
import type { ProjectView } from '../projects/index.js'
import { testConfig } from '../../../test/helpers/database.js'

const message = (
  id: string,
  conversationId: string,
  sentAt: string,
  content = 'please deploy the fix',
  extra: Partial<RunWindowMessage> = {},
): RunWindowMessage => ({
  id,
  conversationId,
  conversationTitle: null,
  sentAt,
  content,
  contentKind: 'text',
  author: 'Ada',
  isBot: false,
  analysisStatus: 'pending',
  noiseClassification: 'signal',
  includedInRuns: [],
  ...extra,
})

describe('batchMessages', () => {
  it('keeps conversations apart, splits after a quiet gap and within the token budget', () => {
    const batches = batchMessages(
      [
        message('a1', 'A', '2026-01-05T10:00:00Z'),
        message('a2', 'A', '2026-01-05T10:05:00Z'),
        message('a3', 'A', '2026-01-05T16:00:00Z'),
        message('b1', 'B', '2026-01-05T10:01:00Z'),
      ],
      { tokenBudget: 1000, gapMinutes: 60 },
    )
    expect(batches.map((b) => b.messages.map((m) => m.id))).toEqual([['a1', 'a2'], ['a3'], ['b1']])
    const long = Array.from({ length: 40 }, (_, i) =>
      message(`m${i}`, 'A', `2026-01-05T10:${String(i).padStart(2, '0')}:00Z`, 'word '.repeat(40)),
    )
    const small = batchMessages(long, { tokenBudget: 300, gapMinutes: 60 })
    expect(small.length).toBeGreaterThan(5)
    for (const batch of small) expect(batch.tokens).toBeLessThanOrEqual(300)
    expect(small.flatMap((b) => b.messages.map((m) => m.id))).toEqual(long.map((m) => m.id))
  })

  it('truncates a single message longer than the budget instead of dropping it', () => {
    const [batch] = batchMessages([message('huge', 'A', '2026-01-05T10:00:00Z', 'deploy '.repeat(5000))], {
      tokenBudget: 600,
      gapMinutes: 60,
    })
    expect(batch.tokens).toBeLessThanOrEqual(600)
    expect(batch.messages[0].content.length).toBeLessThan(5000)
  })
})

describe('passesPrefilter', () => {
  it('drops noise, spam, service events, empty text and messages an earlier run analysed', () => {
    expect(passesPrefilter(message('1', 'A', '2026-01-05T10:00:00Z'))).toBe(true)
    expect(passesPrefilter(message('2', 'A', '2026-01-05T10:00:00Z', 'x', { analysisStatus: 'noise' }))).toBe(false)
    expect(passesPrefilter(message('3', 'A', '2026-01-05T10:00:00Z', 'x', { noiseClassification: 'spam' }))).toBe(false)
    expect(passesPrefilter(message('4', 'A', '2026-01-05T10:00:00Z', 'joined', { contentKind: 'service' }))).toBe(false)
    expect(passesPrefilter(message('5', 'A', '2026-01-05T10:00:00Z', '   '))).toBe(false)
    expect(passesPrefilter(message('6', 'A', '2026-01-05T10:00:00Z', 'x', { includedInRuns: ['r1'] }))).toBe(false)
  })
})

describe('similarity', () => {
  const tasks = [{ id: 't1', title: 'Fix the login redirect', description: 'blank page after login', sourceMessageIds: ['m1', 'm2'] }]
  it('finds a task holding all of the same source messages', () => {
    expect(exactMatch(['m1'], tasks)?.id).toBe('t1')
    expect(exactMatch(['m1', 'm3'], tasks)).toBeNull()
    expect(jaccard('fix the login redirect', 'the login redirect fix')).toBe(1)
    expect(jaccard('fix the login redirect', 'order office chairs')).toBe(0)
  })
  it('reports exact matches first and leaves unrelated proposals alone', async () => {
    const results = await findSimilarTasks(
      testConfig(),
      [
        { text: 'anything', sourceIds: ['m2'] },
        { text: 'Order new office chairs for the team', sourceIds: ['m9'] },
        { text: 'Fix the login redirect\nblank page after login', sourceIds: ['m8'] },
      ],
      tasks,
    )
    expect(results[0]).toEqual({ type: 'exact_messages', score: 1, taskId: 't1' })
    expect(results[1].type).toBe('none')
    expect(results[2]).toMatchObject({ type: 'semantic', taskId: 't1' })
    expect(results[2].score).toBeGreaterThan(0.8)
  })
})

describe('accuracyMetrics', () => {
  it('computes approval, edit and calibration figures from reviewed proposals', () => {
    const m = accuracyMetrics([
      { status: 'approved', confidence: 0.9, edited_fields: ['title'] },
      { status: 'approved', confidence: 0.8, edited_fields: [] },
      { status: 'merged', confidence: 0.75, edited_fields: [] },
      { status: 'rejected', confidence: 0.4, edited_fields: [] },
    ])
    expect(m).toMatchObject({ reviewed: 4, approvalRate: 0.75, rejectionRate: 0.25, mergeRate: 0.25, editRate: 0.5 })
    expect(m.calibration.find((b) => b.range === '0-0.5')).toEqual({ range: '0-0.5', count: 1, acceptanceRate: 0 })
    expect(m.brierScore).toBeCloseTo((0.01 + 0.04 + 0.0625 + 0.16) / 4, 3)
  })
})

describe('resolveWindow', () => {
  it('turns --since into a window ending now and refuses an empty window', () => {
    const now = new Date('2026-01-08T00:00:00Z')
    expect(resolveWindow({ since: '7d' }, now)).toEqual({ from: new Date('2026-01-01T00:00:00Z'), to: now })
    expect(() => resolveWindow({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' })).toThrow(/empty/)
  })
})

describe('evidencePriority', () => {
  const project = { name: 'Billing', priorityRules: { critical: ['outage'] }, pmName: 'Grace' } as unknown as ProjectView
  it("raises a request from the project's PM one level and says so", () => {
    expect(evidencePriority('please send the invoice', 'medium', project, ['Grace Hopper'])).toEqual({
      priority: 'high',
      notes: ["asked by the project's PM (Grace)"],
    })
    expect(evidencePriority('please send the invoice', 'medium', project, ['Ada'])).toEqual({ priority: 'medium', notes: [] })
  })
  it('names the project rule that set the priority', () => {
    expect(evidencePriority('the billing outage again', 'medium', project, ['Ada'])).toEqual({
      priority: 'critical',
      notes: ['project "Billing" priority rule: critical'],
    })
  })
})
