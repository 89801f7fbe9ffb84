// Notes and goals on a real PGlite: a note's Markdown is found by hybrid search with source=notes, an edit replaces
// what search finds, a deletion takes it out; goals validate progress, link projects and record when achieved;
// nothing of one workspace is visible or changeable from another.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { testContext } from '../../../test/helpers/database.js'
import type { ServiceContext } from '../../lib/context.js'
import { runNoteSearchJobs } from '../../../test/helpers/notes.js'
import { hybridSearch } from '../search/index.js'
import { answerQuestion } from '../assistant/index.js'
import { createProject } from '../projects/index.js'
import { createWorkspace } from '../workspaces/index.js'
import { createNote, deleteNote, getNote, listNotes, updateNote } from './notes-service.js'
import { createGoal, getGoal, listGoals, updateGoal } from './goals-service.js'

let base: ServiceContext
let ctx: ServiceContext
let workspaces = 0

/** The workers' part after a change: the notes.changed event from the outbox, the note's text, its chunks. */
const indexNotes = async () => expect(await runNoteSearchJobs(ctx)).toBeGreaterThan(0)

const searchNotes = async (q: string) => (await hybridSearch(ctx, { q, source: 'notes' })).items

/** A new workspace on the file's one database: each test starts empty without cloning a database. */
async function otherWorkspace(): Promise<ServiceContext> {
  workspaces += 1
  const workspace = await createWorkspace(base, { name: `Workspace ${workspaces}`, slug: `workspace-${workspaces}` })
  return { ...base, workspaceId: workspace.id }
}

beforeAll(async () => {
  base = await testContext()
})
beforeEach(async () => {
  ctx = await otherWorkspace()
})

describe('notes', () => {
  it('are found by hybrid search with source=notes, and an edit or a deletion is reflected', async () => {
    const note = await createNote(ctx, {
      title: 'Postgres tuning',
      content:
        '## Autovacuum\n\nAutovacuum falls behind on the hypertable, so we set its autovacuum scale factor to 0.01.\n\n## Memory\n\nwork_mem is per sort.',
      type: 'learning',
    })
    await createNote(ctx, { title: 'Holiday ideas', content: 'Lisbon in spring', type: 'idea' })
    await indexNotes()

    const hits = await searchNotes('autovacuum hypertable')
    expect(hits.map((h) => h.conversationTitle)).toEqual(['Postgres tuning'])
    expect(hits[0]).toMatchObject({ sourceType: 'notes' })
    const [chunk] = await ctx.database.query<{ heading_path: string | null }>(
      `SELECT c.heading_path FROM chunks c JOIN messages m ON m.id = c.owner_id WHERE m.external_id = $1 AND c.text ILIKE '%autovacuum%'`,
      [note.id],
    )
    expect(chunk.heading_path).toContain('Autovacuum')
    const { answer } = await answerQuestion(ctx, { question: 'Which autovacuum scale factor did we set on the hypertable?', source: 'web' })
    // The assistant (the local analyser, no key) cites the note, quoting the sentence under its heading.
    const cited = answer.citations.find((c) => c.sourceType === 'notes')
    expect(cited).toMatchObject({ conversationTitle: 'Postgres tuning' })
    expect(cited!.quote).toContain('scale factor to 0.01')

    await updateNote(ctx, note.id, { content: 'Switched to **pgbouncer** transaction pooling.', title: 'Connection pooling' })
    await indexNotes()
    expect(await searchNotes('autovacuum')).toEqual([])
    const edited = await searchNotes('pgbouncer')
    expect(edited.map((h) => h.conversationTitle)).toEqual(['Connection pooling'])
    expect(edited[0].content).toContain('# Connection pooling')
    const messages = await ctx.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE external_id = $1`, [note.id])
    expect(messages[0].n).toBe(1)

    await deleteNote(ctx, note.id)
    await indexNotes()
    expect(await searchNotes('pgbouncer')).toEqual([])
    await expect(getNote(ctx, note.id)).rejects.toThrow('Note not found')
  })

  it('filter by type, project and words; an unknown project is a validation error on projectId', async () => {
    const project = await createProject(ctx, { name: 'Website' })
    await createNote(ctx, { title: 'Launch checklist', content: 'DNS, TLS', type: 'reference', projectId: project.id })
    await createNote(ctx, { title: 'Standup', content: 'Nothing blocked', type: 'meeting' })
    expect((await listNotes(ctx, { type: 'meeting' })).map((n) => n.title)).toEqual(['Standup'])
    expect((await listNotes(ctx, { projectId: project.id })).map((n) => n.title)).toEqual(['Launch checklist'])
    expect((await listNotes(ctx, { q: 'tls' })).map((n) => n.title)).toEqual(['Launch checklist'])
    await expect(createNote(ctx, { title: 'x', projectId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      details: [{ path: 'projectId' }],
    })
  })

  it('another workspace can neither read, change nor delete them, nor find them in search', async () => {
    const note = await createNote(ctx, { title: 'Secret plan', content: 'zeppelin rollout', type: 'idea' })
    await indexNotes()
    const other = await otherWorkspace()
    await expect(getNote(other, note.id)).rejects.toThrow('Note not found')
    await expect(updateNote(other, note.id, { title: 'taken' })).rejects.toThrow('Note not found')
    await expect(deleteNote(other, note.id)).rejects.toThrow('Note not found')
    expect(await listNotes(other)).toEqual([])
    await expect(hybridSearch(other, { q: 'zeppelin', source: 'notes' })).rejects.toThrow(/No source/)
    expect((await getNote(ctx, note.id)).title).toBe('Secret plan')
  })
})

describe('goals', () => {
  it('keep progress within 0-100, link projects and record when they are achieved', async () => {
    const site = await createProject(ctx, { name: 'Site' })
    const app = await createProject(ctx, { name: 'App' })
    await expect(createGoal(ctx, { name: 'Run a marathon', progress: 101 })).rejects.toMatchObject({ issues: [{ path: ['progress'] }] })
    const goal = await createGoal(ctx, {
      name: 'Ship v2',
      category: 'career',
      progress: 40,
      targetDate: '2027-03-31',
      projectIds: [site.id],
    })
    expect(goal).toMatchObject({ status: 'active', progress: 40, targetDate: '2027-03-31', projectIds: [site.id], achievedAt: null })

    const achieved = await updateGoal(ctx, goal.id, { progress: 100, status: 'achieved', projectIds: [app.id, site.id] })
    expect(achieved.achievedAt).not.toBeNull()
    expect(new Set(achieved.projectIds)).toEqual(new Set([app.id, site.id]))
    expect((await listGoals(ctx, { projectId: app.id })).map((g) => g.name)).toEqual(['Ship v2'])
    expect((await updateGoal(ctx, goal.id, { status: 'active', projectIds: [] })).achievedAt).toBeNull()
    expect((await getGoal(ctx, goal.id)).projectIds).toEqual([])
    await expect(updateGoal(ctx, goal.id, { projectIds: ['00000000-0000-4000-8000-000000000000'] })).rejects.toMatchObject({
      details: [{ path: 'projectIds.0' }],
    })
    await expect(
      ctx.database.query(`UPDATE goals SET progress = 150 WHERE id = $1`, [goal.id]),
      'the table refuses it too',
    ).rejects.toThrow(/goals_progress_range/)
  })

  it("another workspace cannot read or change a goal, nor link its own goal to this workspace's project", async () => {
    const project = await createProject(ctx, { name: 'Private' })
    const goal = await createGoal(ctx, { name: 'Learn Rust' })
    const other = await otherWorkspace()
    await expect(getGoal(other, goal.id)).rejects.toThrow('Goal not found')
    await expect(updateGoal(other, goal.id, { progress: 90 })).rejects.toThrow('Goal not found')
    await expect(createGoal(other, { name: 'Sneaky', projectIds: [project.id] })).rejects.toMatchObject({
      details: [{ path: 'projectIds.0' }],
    })
    expect(await listGoals(other)).toEqual([])
    expect((await getGoal(ctx, goal.id)).progress).toBe(0)
  })
})
