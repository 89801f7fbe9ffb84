import { describe, expect, it } from 'vitest'
import { testContext } from '../../test/helpers/database.js'
import { countPendingEventItems, recordEvent } from './event-outbox.js'

describe('countPendingEventItems', () => {
  it('sums the array entries of one event kind in one workspace, ignoring other kinds and workspaces', async () => {
    const ctx = await testContext()
    const other = '00000000-0000-4000-8000-000000000001'
    await recordEvent(ctx.database, 'messages.changed', { workspaceId: ctx.workspaceId, messageIds: ['a', 'b'] })
    await recordEvent(ctx.database, 'messages.changed', { workspaceId: ctx.workspaceId, messageIds: ['c'] })
    await recordEvent(ctx.database, 'messages.changed', { workspaceId: other, messageIds: ['d'] })
    await recordEvent(ctx.database, 'topics.changed', { workspaceId: ctx.workspaceId, messageIds: ['e'] })
    const count = (workspaceId: string) =>
      countPendingEventItems(ctx.database, { event: 'messages.changed', workspaceId, field: 'messageIds' })
    expect(await count(ctx.workspaceId)).toBe(3)
    expect(await count(other)).toBe(1)
  })
})
