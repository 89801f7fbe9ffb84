// Storing Slack messages from the Web API or the Events API with the export importer's keys (message
// `<channel>:<ts>`, conversation `<channel id>`, author `<user id>`), so that a channel first imported from an
// export is continued in that export's source instead of being stored twice. Authors are resolved through
// users.info once: identities already named in the database are not asked for again.
import type { ServiceContext } from '../../../lib/context.js'
import { mapSlackMessage, type SlackChannel, type SlackUser } from '../../importers/index.js'
import { listWorkspaceSourceRows } from '../../sources/index.js'
import {
  conversationsWithMessages,
  findNamedIdentities,
  markMessagesDeleted,
  storeMessages,
  upsertContactIdentities,
  type IngestMessage,
} from '../../messages/index.js'
import type { ConnectedSource } from '../connector.js'
import type { SlackApi, SlackObject } from './api.js'

export type SlackMessageInput = { channelId: string; message: SlackObject }
type Owner = { id: string; name: string }

/** The source each channel's messages belong to: an export (an import-only Slack source) already holding the
 * channel, else this one. Another live connection is not an owner: it reads its own workspace. */
export async function channelOwners(
  ctx: ServiceContext,
  source: Pick<ConnectedSource, 'id' | 'name'>,
  channelIds: string[],
): Promise<Map<string, Owner>> {
  const owners = new Map<string, Owner>(channelIds.map((id) => [id, { id: source.id, name: source.name }]))
  if (channelIds.length === 0) return owners
  // Exports are import-only sources (no connector), listed oldest first: the oldest export holding a channel owns it.
  const exports = (await listWorkspaceSourceRows(ctx, { type: 'slack' })).filter((s) => s.connector === null && s.id !== source.id)
  const held = await conversationsWithMessages(
    ctx,
    exports.map((s) => s.id),
    channelIds,
  )
  for (const exported of exports.reverse()) {
    for (const h of held) if (h.sourceId === exported.id) owners.set(h.externalId, { id: exported.id, name: exported.name })
  }
  return owners
}

/** Names of these Slack users: from identities already stored, else users.info (then stored as identities). */
export async function resolveSlackUsers(
  ctx: ServiceContext,
  api: SlackApi,
  userIds: string[],
  cache: Map<string, SlackUser>,
): Promise<Map<string, SlackUser>> {
  const wanted = [...new Set(userIds)].filter((id) => !cache.has(id))
  if (wanted.length > 0) {
    const known = await findNamedIdentities(ctx, 'slack', wanted)
    for (const k of known) cache.set(k.externalId, { name: k.displayName, username: k.username ?? undefined, isBot: k.isBot })
    const fetched: Array<{ id: string; user: SlackObject }> = []
    for (const id of wanted.filter((w) => !cache.has(w))) {
      const user = await api.usersInfo(id).catch(() => null)
      if (!user) continue
      const name = user.profile?.display_name || user.real_name || user.profile?.real_name || user.name || id
      cache.set(id, { name, username: user.name, isBot: Boolean(user.is_bot) })
      fetched.push({ id, user })
    }
    await upsertContactIdentities(
      ctx,
      'slack',
      fetched.map(({ id, user }) => ({
        externalId: id,
        displayName: cache.get(id)!.name,
        email: user.profile?.email ?? null,
        isBot: Boolean(user.is_bot),
        raw: { name: user.name, teamId: user.team_id },
      })),
    )
  }
  return cache
}

/** Maps and stores messages; returns how many were new or changed. */
export async function storeSlackMessages(
  ctx: ServiceContext,
  source: Pick<ConnectedSource, 'id' | 'name'>,
  input: { messages: SlackMessageInput[]; channels: Map<string, SlackChannel>; users: Map<string, SlackUser> },
): Promise<{ stored: number; skipped: number }> {
  const owners = await channelOwners(ctx, source, [...new Set(input.messages.map((m) => m.channelId))])
  const bySource = new Map<string, IngestMessage[]>()
  let skipped = 0
  for (const { channelId, message } of input.messages) {
    const channel = input.channels.get(channelId)
    const mapped = mapSlackMessage(channel ?? { id: channelId, name: channelId, kind: 'channel' }, message, input.users, input.channels)
    if (!mapped || 'error' in mapped) {
      skipped++
      continue
    }
    // An event does not name its channel: keep the stored title rather than writing the id over it.
    if (!channel) mapped.message.conversation.title = undefined
    const owner = owners.get(channelId)!.name
    bySource.set(owner, [...(bySource.get(owner) ?? []), mapped.message])
  }
  let stored = 0
  for (const [name, messages] of bySource) {
    const result = await storeMessages(ctx, { source: { type: 'slack', name }, messages })
    stored += result.created + result.updated
    skipped += result.skipped
  }
  return { stored, skipped }
}

export async function deleteSlackMessages(
  ctx: ServiceContext,
  source: Pick<ConnectedSource, 'id' | 'name'>,
  deleted: Array<{ channelId: string; ts: string }>,
): Promise<number> {
  const owners = await channelOwners(ctx, source, [...new Set(deleted.map((d) => d.channelId))])
  let count = 0
  for (const [channelId, owner] of owners) {
    const externalIds = deleted.filter((d) => d.channelId === channelId).map((d) => `${channelId}:${d.ts}`)
    count += await markMessagesDeleted(ctx, { sourceId: owner.id, externalIds })
  }
  return count
}

/** Every user a message names as its author (for resolving names before mapping). */
export function slackAuthors(messages: SlackMessageInput[]): string[] {
  return messages.flatMap(({ message }) => (typeof message.user === 'string' ? [message.user] : []))
}
