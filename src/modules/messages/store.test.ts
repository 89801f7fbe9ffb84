// storeMessages as importers call it: batch after batch with the references learned by earlier batches.
import { beforeAll, describe, expect, it } from 'vitest'
import type { ServiceContext } from '../../lib/context.js'
import { testContext } from '../../../test/helpers/database.js'
import { storeMessages, type KnownReferences } from './ingest.js'
import type { IngestMessage } from './ingest-schema.js'

// One database for the file; each test writes under its own source and author so the tests stay independent.
let ctx: ServiceContext
beforeAll(async () => {
  ctx = await testContext()
})

const source = (test: string) => ({ type: 'api' as const, name: `store-test-${test}` })
const message = (test: string, id: string, extra: Partial<IngestMessage> = {}): IngestMessage => ({
  externalId: id,
  conversation: { externalId: 'room-1', title: 'Room one' },
  author: { externalId: `author-${test}`, displayName: 'Ada' },
  sentAt: `2026-01-05T10:00:0${id}Z`,
  content: `message ${id}`,
  ...extra,
})

describe('storeMessages', () => {
  const messagesOf = (test: string) =>
    ctx.database.query<{ external_id: string; parent: string | null }>(
      `SELECT m.external_id, p.external_id AS parent
       FROM messages m JOIN sources s ON s.id = m.source_id LEFT JOIN messages p ON p.id = m.reply_to_message_id
       WHERE s.name = $1 ORDER BY m.external_id`,
      [source(test).name],
    )

  it('links a reply stored before its parent once the parent arrives in a later batch', async () => {
    const known: KnownReferences = { identities: new Map(), conversations: new Map() }
    const m = (id: string, extra?: Partial<IngestMessage>) => message('orphan', id, extra)
    await storeMessages(ctx, { source: source('orphan'), messages: [m('2', { replyToExternalId: '1' })], known })
    expect(await messagesOf('orphan')).toEqual([{ external_id: '2', parent: null }])

    await storeMessages(ctx, { source: source('orphan'), messages: [m('1'), m('3', { replyToExternalId: '9' })], known })
    expect(await messagesOf('orphan')).toEqual([
      { external_id: '1', parent: null },
      { external_id: '2', parent: '1' },
      { external_id: '3', parent: null }, // its parent never came
    ])
  })

  it('refuses a whole batch that refers to a conversation deleted since an earlier batch', async () => {
    const known: KnownReferences = { identities: new Map(), conversations: new Map() }
    const m = (id: string) => message('conversation', id)
    await storeMessages(ctx, { source: source('conversation'), messages: [m('1')], known })
    // Another part of the app deletes the conversation (and with it its message) while the import runs.
    await ctx.database.query(`DELETE FROM conversations WHERE id = $1`, [[...known.conversations.values()][0]])

    await expect(storeMessages(ctx, { source: source('conversation'), messages: [m('2'), m('3')], known })).rejects.toThrow(
      /deleted conversation/,
    )
    expect(await messagesOf('conversation')).toEqual([])
    const [{ orphans }] = await ctx.database.query<{ orphans: number }>(
      `SELECT count(*)::int AS orphans FROM messages m WHERE NOT EXISTS (SELECT 1 FROM conversations c WHERE c.id = m.conversation_id)`,
    )
    expect(orphans).toBe(0)

    // A fresh import (nothing cached) recreates the conversation and stores the batch.
    const result = await storeMessages(ctx, { source: source('conversation'), messages: [m('2'), m('3')] })
    expect(result.created).toBe(2)
  })

  it('refuses a batch whose author identity was deleted, as the foreign key would', async () => {
    const known: KnownReferences = { identities: new Map(), conversations: new Map() }
    const m = (id: string) => message('identity', id)
    await storeMessages(ctx, { source: source('identity'), messages: [m('1')], known })
    await ctx.database.query(`DELETE FROM identities WHERE external_id = 'author-identity'`)
    await expect(storeMessages(ctx, { source: source('identity'), messages: [m('2')], known })).rejects.toThrow(/deleted author identity/)
    expect(await messagesOf('identity')).toEqual([{ external_id: '1', parent: null }])
  })
})
