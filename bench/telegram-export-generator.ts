// The synthetic full-account Telegram Desktop export of the ingest benchmarks: 200 chats, 500 authors, replies,
// edits, entities, service messages and media, from a fixed seed.
import fs from 'node:fs'
import { seededRandom } from '../src/lib/seeded-random.js'

const chatCount = 200
const authorCount = 500

const vocabulary = (
  'the deploy is broken again after merge we need to roll back staging prod database migration failed ' +
  'customer asked about invoice refund please check ticket tomorrow meeting at noon can you review my pull ' +
  'request thanks looks good to me ship it latency spike on the api gateway memory leak in worker queue backlog ' +
  'postgres index vacuum replica lag grafana alert pager duty on call handover release notes changelog budget ' +
  'roadmap quarter planning design doc feedback typo fixed hotfix kubernetes pod restart config map secret rotate'
).split(' ')

/** Word counts with a long tail: most chat lines are short, a few are paragraphs. */
function sentence(rand: () => number): string {
  const r = rand()
  const words = r < 0.7 ? 3 + Math.floor(rand() * 25) : r < 0.95 ? 30 + Math.floor(rand() * 90) : 120 + Math.floor(rand() * 280)
  const out: string[] = []
  for (let i = 0; i < words; i++) out.push(vocabulary[Math.floor(rand() * vocabulary.length)])
  return out.join(' ')
}

export function generateExport(file: string, total: number) {
  const rand = seededRandom(42)
  const fd = fs.openSync(file, 'w')
  const write = (text: string) => fs.writeSync(fd, text)
  write('{\n "about": "Here is the data you requested.",\n "personal_information": {"user_id": 1000001, "first_name": "Bench"},\n')
  write(' "chats": {\n  "about": "This page lists all chats from this export.",\n  "list": [\n')
  let messageId = 1
  let start = Date.UTC(2024, 0, 1) / 1000
  for (let chat = 0; chat < chatCount; chat++) {
    const count = Math.floor(total / chatCount) + (chat < total % chatCount ? 1 : 0)
    const chatId = 4000000000 + chat
    const members = Array.from({ length: 2 + Math.floor(rand() * 40) }, () => 1 + Math.floor(rand() * authorCount))
    write(
      `${chat ? ',\n' : ''}   {\n    "name": "Team room ${chat}",\n    "type": "private_supergroup",\n    "id": ${chatId},\n    "messages": [\n`,
    )
    const firstInChat = messageId
    for (let i = 0; i < count; i++, messageId++) {
      start += 1 + Math.floor(rand() * 120)
      const author = members[Math.floor(rand() * members.length)]
      const date = new Date(start * 1000).toISOString().slice(0, 19)
      const message: Record<string, unknown> = { id: messageId, type: 'message', date, date_unixtime: String(start) }
      const kind = rand()
      if (kind < 0.02) {
        Object.assign(message, {
          type: 'service',
          actor: `Person ${author}`,
          actor_id: `user${author}`,
          action: 'invite_members',
          members: [`Person ${members[0]}`],
          text: '',
          text_entities: [],
        })
      } else {
        Object.assign(message, { from: `Person ${author}`, from_id: `user${author}` })
        if (rand() < 0.05) Object.assign(message, { edited: date, edited_unixtime: String(start + 60) })
        if (i > 0 && rand() < 0.15) message.reply_to_message_id = firstInChat + Math.floor(rand() * i)
        const text = sentence(rand)
        if (rand() < 0.1) {
          message.text = [{ type: 'mention', text: `@person${author}` }, ` ${text} `, { type: 'link', text: 'https://example.com/x' }]
        } else message.text = text
        if (rand() < 0.03)
          Object.assign(message, { photo: `photos/photo_${messageId}.jpg`, width: 1280, height: 720, photo_file_size: 123456 })
      }
      write(`${i ? ',\n' : ''}     ${JSON.stringify(message)}`)
    }
    write('\n    ]\n   }')
  }
  write('\n  ]\n }\n}\n')
  fs.closeSync(fd)
}
