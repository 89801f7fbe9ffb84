// Mailing-list mail as the e-mail importer stores it (subject line, blank line, body with quoted reply), from the
// Apache httpd-users and asterix-dev archives of July 2020 / September 2017 (shortened). Issue 20: lists gave
// 4.97 proposals per 25 messages, most of them questions asked of the list or repeated subject lines.
import { describe, expect, it } from 'vitest'
import { runLocalTask } from './index.js'
import { cleanMessageText } from './text.js'

const question = {
  id: 'q',
  author: 'Mahmood Naderan',
  content:
    '[users@httpd] About ServerLimit\n\nHello\nWhen I set ServerLimit to 500, does that include all TCP connection states? I mean\nare all these counted by ServerLimit? Or just ESTABLISHED is counted?\n\nRegards,\nMahmood',
}
const answer = {
  id: 'a',
  author: 'Eric Covener',
  content:
    'Re: [users@httpd] About ServerLimit\n\nOn Wed, Jul 8, 2020 at 5:44 AM Mahmood Naderan\n<nt_mahmood@yahoo.com.invalid> wrote:\n>\n> When I set ServerLimit to 500, does that include all TCP connection states?\n\n' +
    "It's complicated and depends on the MPM used. When you see states\nFIN_WAIT1 or  FIN_WAIT2 or CLOSE_WAIT there will generally be a thread\ntied up in the server still.  TIME_WAIT does not.\n",
}

describe('mailing-list replies', () => {
  it("drops a reply's subject line and a reply header wrapped over two lines, keeping the answer written below the quote", () => {
    expect(cleanMessageText(answer.content)).toBe(
      "It's complicated and depends on the MPM used. When you see states\nFIN_WAIT1 or  FIN_WAIT2 or CLOSE_WAIT there will generally be a thread\ntied up in the server still.  TIME_WAIT does not.",
    )
    // A thread's first message keeps its subject: it names the problem.
    expect(cleanMessageText(question.content)).toMatch(/^\[users@httpd\] About ServerLimit/)
  })

  it('makes the question and its answer one solution atom', async () => {
    const { atoms } = await runLocalTask('atom_extraction', { messages: [question, answer] })
    expect(atoms.map((atom) => [atom.type, atom.source_message_ids])).toEqual([['solution', ['q', 'a']]])
    expect(atoms[0].content).toContain('depends on the MPM')
  })

  it('counts advice given as a bare imperative as the answer', async () => {
    const { atoms } = await runLocalTask('atom_extraction', {
      messages: [
        {
          id: 'p',
          author: 'Mahmood Naderan',
          content: 'apache2 -V shows that MPM prefork is not available in my apache web server. Why is prefork missing?',
        },
        { id: 's', author: 'Eric Covener', content: 'Put it back and continue to invoke apachectl instead of "apache2".' },
      ],
    })
    expect(atoms.map((atom) => atom.source_message_ids)).toEqual([['p', 's']])
  })
})

describe('questions to the list are not tasks', () => {
  it('reads information questions put as requests as questions', async () => {
    const { tasks } = await runLocalTask('task_extraction', {
      messages: [
        {
          id: 'i1',
          author: 'miguel',
          content: 'I have restarted it twice and the log is empty. Can you think of something I can look at?',
        },
        { id: 'i2', author: 'alchemist', content: 'Please help me in checking presence of header via config file.' },
        { id: 'i3', author: 'Christopher', content: 'These figures come from the docs. Can anyone confirm that they are accurate?' },
        {
          id: 'i4',
          author: 'Ildar',
          content:
            'If your are interested or have an opinion on how this part of the codebase should be structured, please review the change.',
        },
        {
          id: 'i5',
          author: 'Jim Albert',
          content:
            'Can anyone simplify those Apache 2.4 restrictions or instruct me on what I might be overlooking or misunderstanding, please?',
        },
        {
          id: 'i6',
          author: 'Wendell',
          content:
            'Can you please take a look and provide me with a high-level code set of how you completed this and got it working with Apache?',
        },
        { id: 'i7', author: 'Christopher', content: 'Would it be possible to query the status with XML-output *without* a nonce?' },
      ],
    })
    expect(tasks).toEqual([])
  })

  it("does not read the scene-setting of someone's own question as a request", async () => {
    const { tasks } = await runLocalTask('task_extraction', {
      messages: [
        {
          id: 'n1',
          author: 'Jim Albert',
          content:
            'Note, in my production environment there are many users other than jim and joe and users are restricted to certain resources. Why does Require not work as it did in 2.2?',
        },
        {
          id: 'n2',
          author: 'alchemist',
          content:
            'Consider the request curl -vk -X POST to /test/newuser where I intentionally leave out the content type header. Why does it pass?',
        },
      ],
    })
    expect(tasks).toEqual([])
  })

  it("makes one task of one person's plans in a thread, and keeps it", async () => {
    const { tasks } = await runLocalTask('task_extraction', {
      messages: [
        {
          id: 'j1',
          author: 'Joel',
          content: 'Thank you. I gather I will need to ask the server hosting entity (who has root access) to remove the file.',
        },
        {
          id: 'j2',
          author: 'angel',
          content: 'Most hosts give you write access to it anyway, so that users have some control over their site.',
        },
        { id: 'j3', author: 'Joel', content: 'I will post these queries on the LiteSpeed forum; thank you for the suggestion.' },
      ],
    })
    expect(tasks.map((task) => task.source_message_ids)).toEqual([['j1', 'j3']])
  })
})

describe('signals that mean something', () => {
  it('keeps a request to nobody in particular under 0.8, and quotes the urgency word that set the priority', async () => {
    const { tasks } = await runLocalTask('task_extraction', {
      messages: [
        { id: 'u1', author: 'Charlie Moher', content: 'Please remove me from your mailing list immediately.' },
        {
          id: 'u2',
          author: 'Ada',
          sentAt: '2026-11-25T10:00:00Z',
          content: '@boris please update the install guide for the new TLS defaults by Friday.',
        } as never,
      ],
    })
    const [unaddressed, addressed] = tasks
    expect(unaddressed.confidence).toBeLessThan(0.8)
    expect(unaddressed.priority).toBe('high')
    expect(unaddressed.reasoning).toContain('priority cue "immediately"')
    expect(addressed.confidence).toBeGreaterThanOrEqual(0.8)
  })
})

describe('GitHub and support conversations', () => {
  // jenkinsci/cobertura-plugin#26 comments (hub4j/github-api test fixtures), shortened.
  const pullRequest = [
    {
      id: 'g1',
      author: 'ulope',
      content:
        'I would really like to use this feature. @msabramo seems to have done all the heavy lifting already. Can anyone from jenkins comment what remains to be done to get it merged?',
    },
    {
      id: 'g2',
      author: 'msabramo',
      content: 'I would love for someone more steeped in Java and Jenkins plug-ins to take this over and take it across the finish line...',
    },
  ]

  it('reads "I would love for someone to take this over" as a request, and a question to anyone as none', async () => {
    const { tasks } = await runLocalTask('task_extraction', { messages: pullRequest })
    expect(tasks.map((task) => task.source_message_ids)).toEqual([['g2']])
    // A request is not the answer to the question before it.
    expect((await runLocalTask('atom_extraction', { messages: pullRequest })).atoms).toEqual([])
  })

  it('takes "I\'ll get this fixed right away" as a commitment', async () => {
    const { tasks } = await runLocalTask('task_extraction', {
      messages: [
        {
          id: 's1',
          author: 'Codertocat',
          content: "Spelling error in the README file\n\nIt looks like you accidently spelled 'commit' with two 't's.",
        },
        { id: 's2', author: 'Codertocat', content: "You are totally right! I'll get this fixed right away." },
      ],
    })
    expect(tasks.map((task) => task.source_message_ids)).toEqual([['s2']])
  })

  it('treats "let me know the next steps" as settled once the next steps are given', async () => {
    const { tasks } = await runLocalTask('task_extraction', {
      messages: [
        { id: 'c1', author: 'anthony', content: 'This is perfect, thanks a lot. Let me know the next steps' },
        {
          id: 'c2',
          author: 'John',
          content:
            'Sure, you can fill this form and mail the item to us. And we will replace the screen within 5 business days and dispatch it for you.',
        },
      ],
    })
    expect(tasks.some((task) => task.source_message_ids.includes('c1'))).toBe(false)
  })

  it('does not take a repost of the question as its answer', async () => {
    const problem =
      "I come across with issue I can't fix. I have Apache/2.4.43 with mod_autoindex and mod_deflate. I was able to get content gzipped, but only for files with extensions; directory listings come without the gzip header."
    const { atoms } = await runLocalTask('atom_extraction', {
      messages: [
        { id: 'r1', author: 'Artem', content: problem },
        { id: 'r2', author: 'eika from Ru-Board', content: problem },
      ],
    })
    expect(atoms).toEqual([])
  })
})

describe('chat phrasing that only looks like a request', () => {
  // tgif Telegram chats (Indonesian developer groups), as seen in npm run eval:volume.
  it('reads "mohon maaf" as an apology and a quoted phrase as a mention', async () => {
    const { tasks } = await runLocalTask('task_extraction', {
      messages: [
        { id: 't1', author: 'artupardnahC ibuR', content: 'Mohon maaf, saya baru belajar pemanggilan asinkron, apakah sudah benar?' },
        { id: 't2', author: 'Albilaga', content: 'jadi inget biasanya bilang “let’s take it offline”.' },
      ],
    })
    expect(tasks).toEqual([])
    // "Tolong" and "mohon" asking for something still count.
    const asked = await runLocalTask('task_extraction', {
      messages: [{ id: 't3', author: 'Reinaldy', content: 'Tolong kirim file konfigurasi nginx sebelum jam 5 ya' }],
    })
    expect(asked.tasks.map((task) => task.source_message_ids)).toEqual([['t3']])
  })
})
