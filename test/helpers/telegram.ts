// Connecting a bot to the fake Bot API through the real sources API, and building updates after real shapes.
import { expect } from 'vitest'
import type { FakeBotApi } from '../fakes/telegram-bot-api.js'
import { readUpdateFixture } from '../fakes/telegram-bot-api.js'
import { processDueDeliveries } from '../../src/modules/webhooks/index.js'
import { silentLog } from './database.js'
import type { Config } from '../../src/config.js'
import type { Database } from '../../src/db/client.js'

type Injectable = { app: { inject: (opts: any) => Promise<any> }; auth: Record<string, string> }

export async function connectBot(t: Injectable, fake: FakeBotApi, settings: Record<string, unknown> = {}) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/sources',
    headers: t.auth,
    payload: { connector: 'telegram', settings: { botToken: fake.token, apiRoot: fake.url, ...settings } },
  })
  expect(response.statusCode, response.body).toBe(201)
  return response.json() as { id: string; name: string; config: Record<string, any>; notices: string[] }
}

let nextUpdateId = 700_000_000

/** A group message update shaped like the real TEXT-GROUP.json capture, with the given chat, id and text. */
export function groupMessageUpdate(input: {
  chatId: number
  messageId: number
  text: string
  fromId?: number
  date?: number
  replyTo?: number
  edit?: boolean
  chatType?: string
}) {
  const base = readUpdateFixture('TEXT-GROUP.json')
  const message = {
    ...base.message,
    message_id: input.messageId,
    from: { ...base.message.from, id: input.fromId ?? base.message.from.id },
    chat: { id: input.chatId, title: 'Team chat', type: input.chatType ?? (input.chatId <= -1_000_000_000_000 ? 'supergroup' : 'group') },
    date: input.date ?? 1_700_000_000,
    text: input.text,
    entities: undefined,
    ...(input.replyTo
      ? {
          reply_to_message: {
            message_id: input.replyTo,
            chat: { id: input.chatId, type: 'supergroup' },
            date: 1_699_999_000,
            text: 'parent',
          },
        }
      : {}),
    ...(input.edit ? { edit_date: (input.date ?? 1_700_000_000) + 60 } : {}),
  }
  return { update_id: nextUpdateId++, [input.edit ? 'edited_message' : 'message']: message }
}

/** A private-chat text from a person, shaped like the real DEEP-LINKING-START.json capture. */
export function privateTextUpdate(input: { fromId: number; text: string; username?: string }) {
  const base = readUpdateFixture('DEEP-LINKING-START.json')
  const from = { ...base.message.from, id: input.fromId, username: input.username ?? base.message.from.username }
  const command = input.text.startsWith('/') ? input.text.split(' ')[0].length : 0
  return {
    update_id: nextUpdateId++,
    message: {
      ...base.message,
      message_id: nextUpdateId % 100000,
      from,
      chat: { ...base.message.chat, id: input.fromId, username: from.username },
      text: input.text,
      entities: command ? [{ offset: 0, length: command, type: 'bot_command' }] : undefined,
    },
  }
}

export async function drainDeliveries(database: Database, config: Config) {
  let total = 0
  for (;;) {
    const processed = await processDueDeliveries({ database, config, log: silentLog }, { backoffBaseMs: 0 })
    if (processed === 0) return total
    total += processed
  }
}
