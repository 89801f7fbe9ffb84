// What the local analyser must not put in front of a reviewer (issue 20: 2,325 proposals from 3,369 messages,
// 15 of 20 sampled were noise), and what it must tell them about what it does propose.
import { describe, expect, it } from 'vitest'
import { runLocalTask } from './index.js'

const tasksOf = async (messages: Array<{ id: string; author?: string; isBot?: boolean; content: string }>) =>
  (await runLocalTask('task_extraction', { messages })).tasks

describe('task extraction on real-world chatter', () => {
  it('ignores notification templates, list footers and bot messages', async () => {
    const tasks = await tasksOf([
      {
        id: 'n1',
        author: 'asfgit',
        content:
          'Github user opened a pull request: Fix the parser.\n\nTo close this pull request, make a commit to your master/trunk branch\nwith (at least) the following in the commit message:\n\n    This closes #42',
      },
      { id: 'n2', author: 'ci', isBot: true, content: 'Please check the failing build and fix the tests before merging.' },
      {
        id: 'n3',
        author: 'ann',
        content:
          'Thanks, merged.\n\n---------------------------------------------------------------------\nTo unsubscribe, e-mail: users-unsubscribe@httpd.apache.org\nFor additional commands, e-mail: users-help@httpd.apache.org',
      },
    ])
    expect(tasks).toEqual([])
  })

  it('reads courtesy lines and release notes as no work', async () => {
    const tasks = await tasksOf([
      { id: 'c1', author: 'maintainer', content: "Version 2.3 works on ARM now. If it doesn't work - pls file an issue." },
      {
        id: 'c2',
        author: 'maintainer',
        content: "I'm happy to announce release 1.4.\n- Add support for Postgres 16\n- Fix the crash on empty exports\nPlease upgrade.",
      },
      { id: 'c3', author: 'helper', content: 'Hope this helps, let me know if you need anything else.' },
    ])
    expect(tasks).toEqual([])
  })

  it('does not file an answered question or advice given as an answer as a task', async () => {
    const tasks = await tasksOf([
      { id: 'q1', author: 'newbie', content: 'How do I make the importer skip attachments? Can anyone tell me which flag does that?' },
      {
        id: 'q2',
        author: 'expert',
        content: 'Use the --no-attachments flag, and make sure you run the import again from the start so nothing is half done.',
      },
      { id: 'q3', author: 'newbie', content: 'Thanks, that worked!' },
    ])
    expect(tasks).toEqual([])
    const { atoms } = await runLocalTask('atom_extraction', {
      messages: [
        { id: 'q1', author: 'newbie', content: 'How do I make the importer skip attachments? Can anyone tell me which flag does that?' },
        {
          id: 'q2',
          author: 'expert',
          content: 'Use the --no-attachments flag, and make sure you run the import again from the start so nothing is half done.',
        },
        { id: 'q3', author: 'newbie', content: 'Thanks, that worked!' },
      ],
    })
    expect(atoms.map((atom) => [atom.type, atom.source_message_ids])).toEqual([['solution', ['q1', 'q2', 'q3']]])
  })

  it('keeps a request nobody answered, with a why line quoting it; a one-word imperative is not proposed', async () => {
    const tasks = await tasksOf([
      {
        id: 'r1',
        author: 'Ada',
        sentAt: '2026-11-25T10:00:00Z',
        content: '@boris can you please send the Q3 invoice to the client by Friday?',
      } as any,
      { id: 'r2', author: 'Carl', content: 'Assist' },
    ])
    expect(tasks).toHaveLength(1)
    expect(tasks[0].source_message_ids).toEqual(['r1'])
    expect(tasks[0].reasoning).toMatch(
      /^Ada asked: "@boris can you please send the Q3 invoice to the client by Friday\?" \(cues: .*please.*; due 2026-11-27/,
    )
    expect(tasks[0].confidence).toBeGreaterThanOrEqual(0.8)
    // "Assist" and "Send it." score as requests, but their calibrated confidence is under one half.
    expect(await tasksOf([{ id: 'b1', author: 'Carl', content: 'Send it.' }])).toEqual([])
  })
})

describe('a request someone takes on', () => {
  it('stays a task when the reply commits to it rather than answering it', async () => {
    const tasks = await tasksOf([
      { id: 'p1', author: 'Carol', content: 'Can you please fix the crash on the login page in Safari by Friday?' },
      { id: 'p2', author: 'Alice', content: 'Sure, I will take a look at the Safari login crash today.' },
    ])
    expect(tasks.map((task) => task.source_message_ids)).toEqual([['p1', 'p2']])
  })
})
