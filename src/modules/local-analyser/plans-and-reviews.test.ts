// Work that hides in forms the first rules missed (issue 20, third labelled batch): a pull request asking for a
// review, a question that states the asker's next step, and requests to be told that someone answers; and what a
// meeting transcript's false starts do not ask. Messages are quoted from the real samples named in eval/README.md.
import { describe, expect, it } from 'vitest'
import { runLocalTask } from './index.js'
import { cleanMessageText } from './text.js'

const tasksOf = async (messages: Array<{ id: string; author?: string; isBot?: boolean; content: string }>) =>
  (await runLocalTask('task_extraction', { messages })).tasks

describe('plans, reviews and answered requests', () => {
  it("proposes a pull request's review request even though the description reads like an announcement", async () => {
    const tasks = await tasksOf([
      {
        id: 'pr',
        author: 'bitwiseman',
        content:
          'Adjust GHRateLimit to system time instead of depending on synchronization\n\nFixes #383\nRelated to #591\n\n@martinvanzijl @PauloMigAlmeida\n if you have a little time to look at this over, any feedback would be appreciated.',
      },
    ])
    expect(tasks.map((t) => t.source_message_ids)).toEqual([['pr']])
  })

  it("keeps a question that states the asker's own next step, and drops a plain question to the list", async () => {
    const withPlan = await tasksOf([
      {
        id: 'q1',
        author: 'Debin',
        content: 'The access log gives the wrong thread id. Could anyone confirm that this is a bug before I submit it?',
      },
    ])
    expect(withPlan.map((t) => t.source_message_ids)).toEqual([['q1']])
    const plain = await tasksOf([
      { id: 'q2', author: 'Debin', content: 'The access log gives the wrong thread id. Could anyone confirm that this is a bug?' },
    ])
    expect(plain).toEqual([])
  })

  it('reads "explain why …" answered by the next message as settled', async () => {
    const tasks = await tasksOf([
      { id: 'a1', author: 'Ronny', content: 'AI, explain why knowing basic concept of assembly makes us see our C++ code differently' },
      {
        id: 'a2',
        author: 'TEKNUM bot',
        isBot: true,
        content: 'Assembly language is a low-level language that is used to communicate directly with the hardware of the computer.',
      },
    ])
    expect(tasks).toEqual([])
  })

  it("drops a transcript's abandoned word before a disfluency marker and the sound tags", () => {
    expect(cleanMessageText('Make {disfmarker} that might make it a bit different {vocalsound} from the rest .')).toBe(
      'that might make it a bit different from the rest .',
    )
  })
})
