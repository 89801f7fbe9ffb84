// The local triage of one email: real mail from test/fixtures/email-triage (SpamAssassin corpus, Apache list archive)
// through the importer's parser, plus short written cases for deadlines, headers and sender history.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseEmailMessage } from '../importers/index.js'
import { emailTriageInput } from '../email/index.js'
import { triageEmailLocally } from './email-triage.js'

async function fixture(name: string) {
  const mapped = await parseEmailMessage(readFileSync(new URL(`../../../test/fixtures/email-triage/${name}`, import.meta.url)))
  if ('error' in mapped) throw new Error(mapped.error)
  const { message } = mapped
  return emailTriageInput({ id: name, content: message.content, sentAt: message.sentAt, raw: message.raw })
}

const written = (text: string, extra: Partial<ReturnType<typeof emailTriageInput>['email']> = {}) => ({
  email: {
    id: 'e1',
    from: 'ann@example.org',
    fromName: 'Ann',
    subject: 'Quarterly report',
    sentAt: '2026-03-02T09:00:00Z',
    text,
    ...extra,
  },
})

describe('local email triage', () => {
  it('sorts real mail into the four categories', async () => {
    expect(triageEmailLocally(await fixture('spam-offer.eml')).category).toBe('junk')
    expect(triageEmailLocally(await fixture('ryanair-fare-sale.eml')).category).toBe('promotional')
    expect(triageEmailLocally(await fixture('amazon-dispatched.eml')).category).toBe('informational')
    expect(triageEmailLocally(await fixture('httpd-users-question.eml')).category).toBe('actionable')
    expect(triageEmailLocally(await fixture('httpd-users-thanks.eml')).category).toBe('informational')
  })

  it('reads the text of a spam whose MIME boundary runs into its headers, and finds it junk', async () => {
    const input = await fixture('spam-boundary-in-headers.eml')
    expect(input.email.text).toMatch(/^Good Day,[\s\S]*fda-manufacturers/)
    expect(input.email.text).not.toMatch(/----9-274170048|Content-Type/)
    expect(triageEmailLocally(input).category).toBe('junk')
  })

  it('a vendor announcing its own product on its announce list is promotional; a bulk notice without one is not', async () => {
    const announcement = triageEmailLocally(await fixture('ximian-announcement.eml'))
    expect(announcement).toMatchObject({ category: 'promotional', reasoning: expect.stringMatching(/vendor announcing its own product/) })
    const bulk = { 'list-id': 'Announcements <announce.example.org>', precedence: 'bulk' }
    const news = triageEmailLocally(
      written('Acme released version 2 of its parser this week, our reviewer says.', { from: 'editor@weekly-news.org', headers: bulk }),
    )
    expect(news.reasoning).not.toMatch(/vendor/)
  })

  it('a thread starter asking in its subject asks the readers; a reply repeating that subject does not', async () => {
    const list = { 'list-id': '<users.httpd.apache.org>', 'list-post': '<mailto:users@httpd.apache.org>', precedence: 'bulk' }
    const asking = triageEmailLocally(written('I run Tomcat 4 on Windows.', { subject: 'how do I detect alive sessions?', headers: list }))
    expect(asking).toMatchObject({ category: 'actionable', reasoning: expect.stringMatching(/asks in the subject/) })
    const reply = triageEmailLocally(
      written('I run Tomcat 4 on Windows.', { subject: 'Re: how do I detect alive sessions?', headers: list }),
    )
    expect(reply.reasoning).not.toMatch(/asks in the subject/)
  })

  it('reads the list headers the importer keeps, and says why', async () => {
    const input = await fixture('httpd-users-thanks.eml')
    expect(input.email.headers).toMatchObject({ 'list-post': expect.stringContaining('users@httpd.apache.org'), precedence: 'bulk' })
    expect(triageEmailLocally(input).reasoning).toMatch(/mailing list/)
  })

  it('extracts a due date with its text, action items and the sender as a contact from a request', () => {
    const output = triageEmailLocally(
      written(
        'Hi Bob,\n\nplease send me the signed contract by Friday, March 6.\nCan you also book the room for the review meeting on March 10?\n\nAnn',
      ),
    )
    expect(output.category).toBe('actionable')
    expect(output.deadlines).toContainEqual({ text: expect.stringMatching(/Friday, March 6/), date: '2026-03-06', type: 'due' })
    expect(output.action_items.some((item) => /signed contract/i.test(item))).toBe(true)
    expect(output.contacts).toContainEqual({ name: 'Ann', context: 'sender' })
    expect(output.summary).toMatch(/^Actionable email from Ann: Quarterly report\.$/)
  })

  it('treats an auto-submitted reply as informational even when its text asks something', () => {
    const text = 'I am out of office until Monday. Could you contact my colleague instead?'
    expect(triageEmailLocally(written(text)).category).toBe('actionable')
    expect(triageEmailLocally(written(text, { headers: { 'Auto-Submitted': 'auto-replied' } })).category).toBe('informational')
  })

  it('leans on the sender history when the text alone says little', () => {
    const text = 'See the attached sheet.'
    const history = { total: 10, actionable: 0, informational: 0, promotional: 9, junk: 1 }
    expect(triageEmailLocally(written(text)).category).toBe('informational')
    expect(triageEmailLocally({ ...written(text), senderHistory: history }).category).toBe('promotional')
  })
})
