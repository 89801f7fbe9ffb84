// One external key per Telegram chat and author, shared with the Telegram Desktop export importer
// (src/modules/importers/telegram-message.ts): the Bot API writes a supergroup or channel as -100<id> and a basic
// group as -<id>, where the export writes <id>; authors are "user<id>" (or "channel<id>") in the export.
// Message keys are "<chat>:<message_id>": supergroup and channel message ids are the chat's own, so the export and
// the bot agree on them. (Basic groups and private chats number messages per account; there the bot's ids differ
// from an exporter's, and only the chat key is shared.)

const channelPrefix = 1_000_000_000_000

/** The export's chat id for a Bot API chat id. */
export function exportChatId(botApiChatId: number): string {
  if (botApiChatId <= -channelPrefix) return String(-botApiChatId - channelPrefix)
  if (botApiChatId < 0) return String(-botApiChatId)
  return String(botApiChatId)
}

export function messageExternalId(botApiChatId: number, messageId: number): string {
  return `${exportChatId(botApiChatId)}:${messageId}`
}

export function userExternalId(userId: number): string {
  return `user${userId}`
}

export function senderChatExternalId(botApiChatId: number): string {
  return `channel${exportChatId(botApiChatId)}`
}
