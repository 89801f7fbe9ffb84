// The fake Chatwoot of bench:sync in a process of its own, so that the benchmark's CPU time is the connector's
// and the database's only. Controlled over the IPC channel: {dropAfter}, {stats}, {close}.
import { startFakeChatwoot } from '../test/fakes/chatwoot-api.js'

const [conversations, perConversation] = process.argv.slice(2).map(Number)
const fake = await startFakeChatwoot({
  conversations,
  messagesPerConversation: perConversation,
  // Chatwoot pages are 20 (the dashboard's default) to 100 (`after` reads); vary them by conversation.
  pageSizeOf: (conversationId) => 20 + ((conversationId * 37) % 81),
})
const expected = [...fake.messages.values()].reduce((n, list) => n + list.length, 0)
process.send!({
  ready: true,
  url: fake.url,
  token: fake.token,
  accountId: fake.accountId,
  conversations: fake.conversations.length,
  expected,
})
process.on('message', async (message: { dropAfter?: number | null; stats?: boolean; close?: boolean }) => {
  if ('dropAfter' in message) fake.dropAfter(message.dropAfter ?? null)
  if (message.stats) process.send!({ requests: fake.requests.length })
  if (message.close) {
    await fake.close()
    process.exit(0)
  }
})
