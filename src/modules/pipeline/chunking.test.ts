import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { countTokens } from 'gpt-tokenizer'
import { chunkText } from './chunking.js'
import { authoredEmailText } from './email-quotes.js'
import { chunksOfMessage } from './index-messages.js'

// Samples copied into test/fixtures/pipeline (sources in test/fixtures/README.md): the suite runs on a clone alone.
const fixtures = path.resolve(import.meta.dirname, '../../../test/fixtures/pipeline')
const replyParser = (name: string) => fs.readFileSync(path.join(fixtures, 'email-reply-parser', name), 'utf8')

describe('email bodies: only what the author wrote is indexed', () => {
  it('drops the quoted question and the list footer of a bottom-posted reply but keeps the answer', () => {
    const text = authoredEmailText(replyParser('email_1_2.txt'))
    expect(text).toContain('You can list the keys for the bucket')
    expect(text).toContain('would do it.')
    expect(text).not.toContain('What is the best way to clear a Riak bucket')
    expect(text).not.toContain('riak-users mailing list')
    expect(text).not.toMatch(/wrote:/)
  })

  it('drops the whole quoted history of a top-posted reply', () => {
    const text = authoredEmailText(replyParser('email_1_3.txt'))
    expect(text).toContain('Having the function would be great.')
    expect(text).not.toContain('You can list the keys')
  })

  it('drops signatures and "Sent from my iPhone", but not a "--" inside a sentence', () => {
    expect(authoredEmailText(replyParser('correct_sig.txt'))).not.toContain('rick')
    expect(authoredEmailText(replyParser('email_iPhone.txt'))).toBe('Here is another email')
    expect(authoredEmailText(replyParser('email_sig_delimiter_in_middle_of_line.txt'))).toContain('kthxbai')
  })

  it('drops an Outlook quoted message that carries no ">" marks', () => {
    expect(authoredEmailText(replyParser('email_2_1.txt'))).toBe('Outlook with a reply')
  })

  it('does not treat a sentence starting with "On" as a quote header', () => {
    expect(authoredEmailText(replyParser('greedy_on.txt'))).toContain('telnet 127.0.0.1 52698')
  })

  it('indexes an email message without its quote, and a chat message whole', () => {
    const email = chunksOfMessage({ content: replyParser('email_1_3.txt'), content_kind: 'email' })
    expect(email).toHaveLength(1)
    expect(email[0].text).not.toContain('riakClient')
    const chat = chunksOfMessage({ content: 'deploy is broken, on it', content_kind: 'text' })
    expect(chat).toMatchObject([{ chunkIndex: 0, text: 'deploy is broken, on it', charStart: 0, charEnd: 23, level: 0 }])
    expect(chunksOfMessage({ content: 'Ada joined the group', content_kind: 'service' })).toEqual([])
  })
})

describe('long texts', () => {
  // A real meeting transcript (QMSum test split): thousands of tokens of speaker turns.
  const meeting = JSON.parse(fs.readFileSync(path.join(fixtures, 'qmsum-Bed003-first-300-turns.json'), 'utf8')) as {
    meeting_transcripts: Array<{ speaker: string; content: string }>
  }
  const transcript = meeting.meeting_transcripts.map((t) => `${t.speaker}: ${t.content}`).join('\n\n')

  it('splits on boundaries into chunks within the token limit, with overlap, covering the whole text', () => {
    const chunks = chunkText(transcript, undefined, { maxTokens: 200, overlapTokens: 30 })
    expect(countTokens(transcript)).toBeGreaterThan(2000)
    expect(chunks.length).toBeGreaterThan(10)
    for (const chunk of chunks) {
      expect(countTokens(chunk.text)).toBeLessThanOrEqual(200 + 10) // joins add a few separator tokens
      expect(chunk.tokenCount).toBeLessThanOrEqual(200)
      // Offsets point into the original: the chunk starts and ends where it says.
      expect(transcript.slice(chunk.charStart, chunk.charStart + 20)).toBe(chunk.text.slice(0, 20))
      expect(transcript.slice(chunk.charEnd - 10, chunk.charEnd)).toBe(chunk.text.slice(-10))
    }
    chunks.forEach((chunk, i) => expect(chunk.chunkIndex).toBe(i))
    const overlapping = chunks.slice(1).filter((chunk, i) => chunk.charStart < chunks[i].charEnd).length
    expect(overlapping).toBeGreaterThan(chunks.length / 2)
    // Nothing is lost: every turn's words appear in some chunk.
    const all = chunks.map((c) => c.text).join(' ')
    for (const turn of meeting.meeting_transcripts.slice(0, 50)) expect(all).toContain(turn.content.trim().slice(0, 30))
  })

  it('gives chunks of a structured document their heading, heading path and level', () => {
    const doc =
      '# Runbook\n\nIntro.\n\n## Deploys\n\nRun the pipeline.\n\n### Rollback\n\nRevert the tag.\n\n## Alerts\n\nPage the on-call.'
    const chunks = chunkText(doc)
    expect(chunks.map((c) => [c.headingPath, c.level])).toEqual([
      ['Runbook', 1],
      ['Runbook > Deploys', 2],
      ['Runbook > Deploys > Rollback', 3],
      ['Runbook > Alerts', 2],
    ])
    expect(chunks[2].text).toContain('Revert the tag.')
  })

  it('does not take a comment inside a fenced code block for a heading', () => {
    const doc = '# Setup\n\nInstall it:\n\n```bash\n# NOTE: use a virtual environment\npip install x\n```\n\n## Usage\n\nRun it.'
    expect(chunkText(doc).map((c) => c.headingPath)).toEqual(['Setup', 'Setup > Usage'])
  })
})
