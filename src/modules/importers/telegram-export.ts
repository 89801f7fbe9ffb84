// Telegram Desktop "Export chat history" JSON: a single chat's result.json ({name, type, id, messages}) or a
// full-account export ({chats: {list: [...]}, left_chats: {list: [...]}}), streamed message by message.
import fs from 'node:fs'
import path from 'node:path'
import type { SourceRef } from '../messages/index.js'
import { ImportFileError, type ImportItem, type ImportParser } from './import-types.js'
import { formatJsonPath, streamJsonValues, type JsonPath } from './json-stream.js'
import { readUtf8Chunks } from './read-text.js'
import { mapTelegramMessage, type TelegramChat } from './telegram-message.js'

/** All Telegram exports share one source so that a chat exported alone and later with the whole account
 * is stored once: message ids are qualified by chat id. */
export const telegramExportSource: SourceRef = { type: 'telegram', name: 'Telegram Desktop export' }

const chatMetaKeys = new Set(['name', 'type', 'id'])

/** Which values to parse whole: each message, and the scalar name/type/id of each chat. */
function captureTelegram(p: JsonPath): boolean {
  if (p.length === 1) return chatMetaKeys.has(p[0] as string)
  // Only elements of arrays: `{"messages": {"a": 1}}` is not a list of messages.
  if (p.length === 2) return p[0] === 'messages' && typeof p[1] === 'number'
  if (p[0] !== 'chats' && p[0] !== 'left_chats') return false
  if (p[1] !== 'list' || p.length < 4 || typeof p[2] !== 'number') return false
  if (p.length === 4) return chatMetaKeys.has(p[3] as string)
  return p.length === 5 && p[3] === 'messages' && typeof p[4] === 'number'
}

export const parseTelegramExport: ImportParser = async function* (input, progress) {
  const file = fs.statSync(input).isDirectory() ? path.join(input, 'result.json') : input
  const label = path.basename(file)
  progress.bytesTotal = fs.statSync(file).size
  const chats = new Map<string, TelegramChat>()
  const chatOf = (p: JsonPath): TelegramChat => {
    const key = p.length <= 2 ? '' : `${p[0]}[${p[2]}]`
    let chat = chats.get(key)
    if (!chat) {
      chats.clear() // chats come one after another; only the current one is needed
      chat = { fallbackId: key || 'chat' }
      chats.set(key, chat)
    }
    return chat
  }
  let sawExportPart = false
  for await (const { path: p, value } of streamJsonValues(readUtf8Chunks(file, label, progress), captureTelegram, label)) {
    const last = p[p.length - 1]
    const chat = chatOf(p)
    sawExportPart = true
    if (typeof last === 'string') {
      if (last === 'name' && typeof value === 'string') chat.name = value
      else if (last === 'type' && typeof value === 'string') chat.type = value
      else if (last === 'id' && (typeof value === 'number' || typeof value === 'string')) chat.id = String(value)
      continue
    }
    yield toItem(label, formatJsonPath(p), chat, value)
  }
  // Any other JSON file would otherwise "complete" with zero counts, which reads like an empty chat.
  if (!sawExportPart) {
    throw new ImportFileError(
      label,
      '(root)',
      'not a Telegram Desktop export: expected a chat (name, type, id, messages: [...]) or an account export (chats.list)',
    )
  }
}

function toItem(file: string, position: string, chat: TelegramChat, value: unknown): ImportItem {
  const mapped = mapTelegramMessage(chat, value)
  if ('error' in mapped) {
    return { error: { file, position: mapped.field ? `${position}.${mapped.field}` : position, message: mapped.error } }
  }
  return { source: telegramExportSource, message: mapped.message, position, file }
}
