// Reading a long conversation from anywhere in it: the messages around one message (a search hit, a proposal's
// source), paged both ways, one conversation by id, and who wrote how much (counted by the database, not by
// whatever part of the conversation a client happened to load).
import type { ServiceContext } from '../../lib/context.js'
import { NotFoundError } from '../../lib/errors.js'
import { encodeCursor } from '../../lib/pagination.js'
import { getMessage, listConversationMessages, listConversations, type ConversationView, type MessageView } from './queries.js'

/** A page of a conversation in time order, with a cursor each way: `nextCursor` reads later messages
 * (`order=asc`), `previousCursor` earlier ones (`order=desc`). */
export type ConversationWindow = { items: MessageView[]; nextCursor: string | null; previousCursor: string | null }

const cursorOf = (m: MessageView) => encodeCursor({ t: m.sentAt, id: m.id })

/** About half of `limit` (at least 3) messages before `messageId`, the message itself, and the rest after it. */
export async function listMessagesAround(
  ctx: ServiceContext,
  input: { conversationId: string; messageId: string; limit: number },
): Promise<ConversationWindow> {
  const anchor = await getMessage(ctx, input.messageId).catch(() => null)
  if (!anchor || anchor.conversationId !== input.conversationId) throw new NotFoundError('Message in this conversation')
  const beforeCount = Math.max(1, Math.floor((input.limit - 1) / 2))
  const afterCount = Math.max(1, input.limit - 1 - beforeCount)
  const base = { conversationId: input.conversationId, cursor: cursorOf(anchor) }
  // Strictly before and strictly after the anchor's (sent_at, id), so the anchor appears once.
  const before = await listConversationMessages(ctx, { ...base, limit: beforeCount, order: 'desc' })
  const after = await listConversationMessages(ctx, { ...base, limit: afterCount, order: 'asc' })
  const items = [...[...before.items].reverse(), anchor, ...after.items]
  return {
    items,
    previousCursor: before.nextCursor ? cursorOf(items[0]) : null,
    nextCursor: after.nextCursor ? cursorOf(items[items.length - 1]) : null,
  }
}

export async function getConversation(ctx: ServiceContext, id: string): Promise<ConversationView> {
  const page = await listConversations(ctx, { limit: 1, conversationId: id })
  if (!page.items[0]) throw new NotFoundError('Conversation')
  return page.items[0]
}

export type Participant = {
  identityId: string | null
  /** The name to show: display name, else username; an identity with neither is a deleted account. */
  name: string
  username: string | null
  deletedAccount: boolean
  messageCount: number
}

/** Everyone who wrote in the conversation, most messages first, with the total number of distinct authors. */
export async function listConversationParticipants(
  ctx: ServiceContext,
  input: { conversationId: string; limit: number },
): Promise<{ items: Participant[]; total: number }> {
  await getConversation(ctx, input.conversationId)
  const rows = await ctx.database.query<{
    identity_id: string | null
    display_name: string | null
    username: string | null
    message_count: number
    total: number
  }>(
    `SELECT m.author_identity_id AS identity_id, i.display_name, i.username, count(*)::int AS message_count,
            (count(*) OVER ())::int AS total
     FROM messages m LEFT JOIN identities i ON i.id = m.author_identity_id
     WHERE m.workspace_id = $1 AND m.conversation_id = $2
     GROUP BY m.author_identity_id, i.display_name, i.username
     ORDER BY count(*) DESC, coalesce(i.display_name, i.username) NULLS LAST, m.author_identity_id
     LIMIT $3`,
    [ctx.workspaceId, input.conversationId, input.limit],
  )
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((r) => {
      const deletedAccount = r.identity_id !== null && !r.display_name && !r.username
      return {
        identityId: r.identity_id,
        name: r.display_name || r.username || (deletedAccount ? deletedAccountName : unknownAuthorName),
        username: r.username,
        deletedAccount,
        messageCount: r.message_count,
      }
    }),
  }
}

/** Telegram exports write `"from": null` for a sender whose account was deleted: an identity with no name. */
export const deletedAccountName = 'Deleted account'
/** A message with no author at all (a channel post, a system line). */
export const unknownAuthorName = 'Unknown author'
