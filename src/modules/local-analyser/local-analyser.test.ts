// The local analyser answers every built-in task with schema-valid output, on real samples and on crafted cases.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { builtinTasks, type BuiltinTaskKey } from '../llm/index.js'
import { runLocalTask } from './index.js'

type SampleConversation = { id: string; messages: Array<{ id: string; author?: string | null; sentAt?: string; content: string }> }

// Real conversations (Apache mailing lists, Slack export, Telegram export) already converted for the evaluation.
const realConversations: SampleConversation[] = ['dev.jsonl', 'test.jsonl'].flatMap((file) =>
  readFileSync(resolve(import.meta.dirname, '../../../eval/extraction', file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as SampleConversation),
)
const messagesOf = (conversation: SampleConversation) => conversation.messages.map((m) => ({ ...m, author: m.author ?? null }))

async function runAndValidate<K extends BuiltinTaskKey>(task: K, input: unknown) {
  const parsedInput = builtinTasks[task].input.parse(input)
  const output = await runLocalTask(task, parsedInput as never)
  const check = builtinTasks[task].output.safeParse(output)
  expect(check.error?.issues ?? []).toEqual([])
  return output
}

describe('output schemas on real samples', () => {
  it('has real conversations to run on', () => {
    expect(realConversations.length).toBeGreaterThanOrEqual(30)
  })

  it.each(['task_extraction', 'atom_extraction', 'summarisation', 'noise_scoring'] as const)(
    '%s output validates for every sample conversation',
    async (task) => {
      for (const conversation of realConversations) await runAndValidate(task, { messages: messagesOf(conversation) })
    },
  )

  it('topic_classification output validates and gives every message a result', async () => {
    const topics = [
      { id: 't-tls', name: 'TLS and certificates', keywords: ['ssl', 'tls', 'certificate', 'openssl'] },
      { id: 't-build', name: 'Build and IDE setup', description: 'maven, eclipse, intellij builds', keywords: ['mvn', 'maven', 'eclipse'] },
    ]
    for (const conversation of realConversations) {
      const output = (await runAndValidate('topic_classification', { topics, messages: messagesOf(conversation) })) as {
        results: Array<{ id: string }>
      }
      expect(output.results.map((r) => r.id)).toEqual(conversation.messages.map((m) => m.id))
    }
  })

  it('answer_with_citations output validates and cites only given passages', async () => {
    for (const conversation of realConversations.slice(0, 15)) {
      const passages = conversation.messages.map((m) => ({ id: m.id, text: m.content }))
      const output = await runAndValidate('answer_with_citations', { question: 'How do I fix the SSL certificate error?', passages })
      for (const citation of output.citations) expect(passages.map((p) => p.id)).toContain(citation.passage_id)
    }
  })

  it('source message ids of extracted tasks and atoms come from the input', async () => {
    for (const conversation of realConversations) {
      const ids = new Set(conversation.messages.map((m) => m.id))
      const tasks = await runLocalTask('task_extraction', { messages: messagesOf(conversation) })
      const atoms = await runLocalTask('atom_extraction', { messages: messagesOf(conversation) })
      for (const source of [...tasks.tasks, ...atoms.atoms].flatMap((item) => item.source_message_ids)) expect(ids.has(source)).toBe(true)
    }
  })
})

describe('task extraction', () => {
  const sentAt = '2026-11-25T10:00:00.000Z' // a Wednesday

  it('finds explicit requests with their source message and a due date read from the text', async () => {
    const { tasks } = await runLocalTask('task_extraction', {
      messages: [
        { id: 'm1', author: 'anna', sentAt, content: 'Morning all!' },
        { id: 'm2', author: 'anna', sentAt, content: '@boris can you please send the Q3 invoice to the client by Friday?' },
        { id: 'm3', author: 'boris', sentAt, content: 'The weather is lovely today.' },
        { id: 'm4', author: 'carl', sentAt, content: 'TODO: rotate the staging database password tomorrow' },
      ],
    })
    expect(tasks.map((task) => task.source_message_ids)).toEqual([['m2'], ['m4']])
    const [invoice, password] = tasks
    expect(invoice.title).toBe('Send the Q3 invoice to the client by Friday')
    expect(invoice.assignee).toBe('boris')
    expect(invoice.due_date).toBe('2026-11-27T12:00:00.000Z')
    expect(password.due_date?.slice(0, 10)).toBe('2026-11-26')
    expect(password.title).toBe('Rotate the staging database password tomorrow')
  })

  it('reads Russian requests and their due dates', async () => {
    const { tasks } = await runLocalTask('task_extraction', {
      messages: [
        { id: 'r1', author: 'ivan', sentAt, content: 'Привет всем' },
        { id: 'r2', author: 'ivan', sentAt, content: 'Нужно исправить ошибку в отчёте до пятницы, пожалуйста' },
      ],
    })
    expect(tasks).toHaveLength(1)
    expect(tasks[0].source_message_ids).toEqual(['r2'])
    expect(tasks[0].category).toBe('bug')
    expect(tasks[0].due_date?.slice(0, 10)).toBe('2026-11-27')
  })

  it('proposes no task from pure chit-chat', async () => {
    const chitChat = realConversations.find((conversation) => conversation.id === 'telegram-coorporate-speak')!
    expect((await runLocalTask('task_extraction', { messages: messagesOf(chitChat) })).tasks).toEqual([])
    const english = await runLocalTask('task_extraction', {
      messages: [
        { id: 'c1', author: 'a', content: 'haha that meme is great' },
        { id: 'c2', author: 'b', content: 'lol yes 😂' },
        { id: 'c3', author: 'a', content: 'Had a great weekend at the lake, the weather was perfect.' },
        { id: 'c4', author: 'b', content: 'Nice, thanks for sharing!' },
      ],
    })
    expect(english.tasks).toEqual([])
  })

  it('groups messages about one task, takes the acknowledging responder as assignee, and reads urgency and sub-tasks', async () => {
    const { tasks } = await runLocalTask('task_extraction', {
      messages: [
        {
          id: 'g1',
          author: 'lead',
          sentAt,
          content: 'Login page crashes on Safari, we need to fix it ASAP. Steps:\n- reproduce on Safari 17\n- add a regression test',
        },
        { id: 'g2', author: 'dana', sentAt, content: 'on it' },
        { id: 'g3', author: 'lead', sentAt, content: 'Also please make sure the Safari crash fix gets a regression test in CI.' },
      ],
    })
    expect(tasks).toHaveLength(1)
    expect(tasks[0].source_message_ids).toEqual(['g1', 'g2', 'g3'])
    expect(tasks[0].assignee).toBe('dana')
    expect(tasks[0].priority).toBe('high')
    expect(tasks[0].category).toBe('bug')
    expect(tasks[0].sub_tasks).toEqual(['Reproduce on Safari 17', 'Add a regression test'])
  })

  it('recommends updating an existing task with the same subject', async () => {
    const { tasks } = await runLocalTask('task_extraction', {
      existingTasks: [{ id: 'task-7', title: 'Upgrade the staging PostgreSQL cluster' }],
      messages: [{ id: 'u1', author: 'ops', content: 'Please upgrade the staging PostgreSQL cluster this week.' }],
    })
    expect(tasks[0].recommendation).toBe('update_existing')
    expect(tasks[0].reasoning).toContain('task-7')
  })

  it('does not read code, logs or marketing boilerplate as requests', async () => {
    const { tasks } = await runLocalTask('task_extraction', {
      messages: [
        { id: 'x1', author: 'dev', content: '```\ncreate dataset results(id);\nFile "/usr/lib/python2.7/threading.py", line 810\n```' },
        { id: 'x2', author: 'news', content: 'Click here to unsubscribe from future mailings: $LINK' },
      ],
    })
    expect(tasks).toEqual([])
  })
})

describe('atoms, summaries and answers', () => {
  it('keeps only knowledge with content: a problem with its answer as one atom, a decision with its reason', async () => {
    const { atoms } = await runLocalTask('atom_extraction', {
      messages: [
        { id: 'a1', author: 'x', content: 'The importer fails with a timeout on large Slack exports.' },
        {
          id: 'a2',
          author: 'y',
          content: 'You can set IMPORT_BATCH=500 so the Slack importer commits smaller batches and never hits the timeout.',
        },
        { id: 'a3', author: 'x', content: 'That worked, thanks!' },
        { id: 'a4', author: 'z', content: 'We decided to stream exports instead of loading them, because large ones ran out of memory.' },
        { id: 'a5', author: 'w', content: 'Why does the worker restart every night at midnight?' },
        { id: 'a6', author: 'v', content: 'Requirements must be written down somewhere.' },
      ],
    })
    expect(atoms.map((atom) => [atom.type, atom.source_message_ids])).toEqual([
      ['solution', ['a1', 'a2', 'a3']],
      ['decision', ['a4']],
    ])
    expect(atoms[0].content).toContain('Problem: The importer fails with a timeout')
    expect(atoms[0].content).toContain('IMPORT_BATCH=500')
  })

  it('proposes no atom for a bare question, a complaint or a bot notification', async () => {
    const { atoms } = await runLocalTask('atom_extraction', {
      messages: [
        { id: 'q1', author: 'x', content: 'What do you want to know about the deployment?' },
        {
          id: 'q2',
          author: 'jenkins',
          isBot: true,
          content: 'Jenkins build is unstable: integration-tests 9b9dc22a. The root cause was a flaky test in the importer module.',
        },
        { id: 'q3', author: 'y', content: 'This build system is broken again, I hate it.' },
      ],
    })
    expect(atoms).toEqual([])
  })

  it('summarises with the sentences the conversation is about, in order', async () => {
    const output = await runLocalTask('summarisation', {
      messages: [
        { id: 's1', author: 'ann', content: 'The nightly backup job failed again on the reporting database.' },
        { id: 's2', author: 'bob', content: 'ok' },
        { id: 's3', author: 'cid', content: 'The backup job fails because the reporting database disk is full.' },
        { id: 's4', author: 'ann', content: 'We agreed to move the backup job to the new storage volume.' },
        { id: 's5', author: 'bob', content: 'Anyone up for lunch?' },
      ],
    })
    expect(output.key_points.length).toBeGreaterThan(0)
    expect(output.summary).toContain('We agreed to move the backup job to the new storage volume.')
    expect(output.summary).not.toContain('lunch')
  })

  it('answers from the passage that covers the question and cites it; says so when nothing does', async () => {
    const passages = [
      { id: 'p1', text: 'The office coffee machine was repaired on Monday.' },
      { id: 'p2', text: 'To rotate the TLS certificate, run certbot renew and reload nginx gracefully.' },
      { id: 'p3', text: 'Nginx logs are kept for 14 days.' },
    ]
    const answer = await runLocalTask('answer_with_citations', { question: 'How do we rotate the TLS certificate?', passages })
    expect(answer.citations[0]).toMatchObject({ passage_id: 'p2' })
    expect(answer.answer).toContain('certbot renew')
    expect(answer.confidence).toBeGreaterThan(0.5)
    const none = await runLocalTask('answer_with_citations', { question: 'Who won the chess tournament?', passages })
    expect(none).toEqual({ answer: expect.any(String), citations: [], confidence: 0 })
  })
})
