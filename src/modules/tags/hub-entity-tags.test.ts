// Tags on the personal hub's things (notes, goals, meetings): each kind is checked by its owning module, found by
// tag, refused when the id is not the workspace's, and its links go when the thing is deleted.
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { testContext } from '../../../test/helpers/database.js'
import type { ServiceContext } from '../../lib/context.js'
import { createWorkspace } from '../workspaces/index.js'
import { createGoal, createNote, deleteGoal, deleteNote } from '../notes/index.js'
import { deleteMeeting, importMeeting } from '../meetings/index.js'
import { setEntityTags } from './entity-tags.js'
import { entityIdsWithTag } from './service.js'

const transcript = path.resolve(import.meta.dirname, '../../../test/fixtures/meetings/webvtt-py_sample.srt')
let ctx: ServiceContext
let other: ServiceContext

beforeAll(async () => {
  const base = await testContext()
  const mine = await createWorkspace(base, { name: 'Hub tags', slug: 'hub-tags' })
  const theirs = await createWorkspace(base, { name: 'Hub tags other', slug: 'hub-tags-other' })
  ctx = { ...base, workspaceId: mine.id }
  other = { ...base, workspaceId: theirs.id }
})

describe('tags on notes, goals and meetings', () => {
  it('tags each kind, finds it by tag, refuses another workspace, and drops the links on delete', async () => {
    const note = await createNote(ctx, { title: 'Reading list', content: 'papers to read', type: 'reference' })
    const goal = await createGoal(ctx, { name: 'Run a marathon', category: 'health', progress: 10 })
    const { meeting } = await importMeeting(ctx, { fileName: 'standup.srt', content: fs.readFileSync(transcript) })

    expect((await setEntityTags(ctx, 'note', note.id, ['Health', 'reading'])).map((t) => t.name).sort()).toEqual(['Health', 'reading'])
    await setEntityTags(ctx, 'goal', goal.id, ['health'])
    await setEntityTags(ctx, 'meeting', meeting.id, ['health'])
    expect(await entityIdsWithTag(ctx, 'note', 'health')).toEqual([note.id])
    expect(await entityIdsWithTag(ctx, 'goal', 'HEALTH')).toEqual([goal.id])
    expect(await entityIdsWithTag(ctx, 'meeting', 'health')).toEqual([meeting.id])

    // Another workspace cannot tag them: the id is not one of its notes.
    await expect(setEntityTags(other, 'note', note.id, ['x'])).rejects.toThrow(/Note/)
    await expect(setEntityTags(other, 'meeting', meeting.id, ['x'])).rejects.toThrow(/Meeting/)

    await deleteNote(ctx, note.id)
    await deleteGoal(ctx, goal.id)
    await deleteMeeting(ctx, meeting.id)
    expect(await entityIdsWithTag(ctx, 'note', 'health')).toEqual([])
    expect(await entityIdsWithTag(ctx, 'goal', 'health')).toEqual([])
    expect(await entityIdsWithTag(ctx, 'meeting', 'health')).toEqual([])
  })
})
