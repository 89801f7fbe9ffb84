// Noise factors and classes on real-format lines (Slack export test archive of hfaran/slack-export-viewer,
// Telegram Desktop exports from ../shared/fixtures/telegram_export/tgif) plus a few written to hit one rule each.
import { describe, expect, it } from 'vitest'
import { computeNoiseFactors } from './factors.js'
import { analysisStatusFor, scoreNoiseFeatures, scoreNoiseLocally } from './score.js'

describe('noise factors', () => {
  it('names every factor with a score between 0 and 1', () => {
    const factors = computeNoiseFactors({ content: 'Need that done before it can be used in victoria' })
    for (const name of [
      'length',
      'question',
      'imperative',
      'mentions',
      'links',
      'code',
      'urgency',
      'emoji_only',
      'greeting_thanks',
      'bot_author',
      'duplicate',
      'spam_signals',
      'service',
      'list_admin',
    ]) {
      expect(factors).toHaveProperty(name)
      const value = factors[name as keyof typeof factors]
      expect(value).toBeGreaterThanOrEqual(0)
      expect(value).toBeLessThanOrEqual(1)
    }
    expect(factors.imperative).toBe(1)
  })

  it('recognises questions, Slack mentions, links and code', () => {
    const question = computeNoiseFactors({
      content: 'what should setup.py do? install dependencies for docker and install docker plus contain the executor?',
    })
    expect(question.question).toBe(1)
    const mention = computeNoiseFactors({ content: '<@U0BMYT2FL>: <https://github.com/mesos-magellan/miguel/blob/master/setup.py>' })
    expect(mention.mentions).toBeGreaterThan(0)
    expect(mention.links).toBeGreaterThan(0)
    const code = computeNoiseFactors({ content: '<@U0BMYT2FL>: \n```\nwget http://downloads.mesosphere.io/x.egg\neasy_install mesos\n```' })
    expect(code.code).toBe(1)
    const plain = computeNoiseFactors({ content: 'You can consider them the "build" system of python' })
    expect(plain).toMatchObject({ question: 0, mentions: 0, links: 0, code: 0 })
  })

  it('tells emoji-only messages from numbers and text with an emoji', () => {
    for (const content of ['👍🏽', '🇮🇩🇮🇩', '❤️', '👨‍👩‍👧', ':+1: :tada:']) expect(computeNoiseFactors({ content }).emoji_only).toBe(1)
    for (const content of ['2024', 'ok 👍', 'deploy done 🎉']) expect(computeNoiseFactors({ content }).emoji_only).toBe(0)
  })

  it('saturates length and grows with the number of words', () => {
    const short = computeNoiseFactors({ content: 'Nope.' }).length
    const longer = computeNoiseFactors({
      content: 'Also, I guess this is the most relevant channel to have algorithm discussions in',
    }).length
    expect(longer).toBeGreaterThan(short)
    expect(computeNoiseFactors({ content: 'word '.repeat(500) }).length).toBe(1)
  })
})

describe('noise classes', () => {
  it.each([
    ['thanks bang', 'noise'],
    ['oke thanks', 'noise'],
    [':+1: ', 'noise'],
    ['😄😄', 'noise'],
    ['Спасибо большое!', 'noise'],
    ['hi all!', 'noise'],
  ])('%j is noise', (content, expected) => {
    expect(scoreNoiseFeatures({ content }).noiseClassification).toBe(expected)
  })

  it('rates a concrete request with an urgent problem as high quality', () => {
    const score = scoreNoiseFeatures({ content: '@dmitry can you fix the login bug before Friday? Production is down for EU users' })
    expect(score.noiseClassification).toBe('high_quality')
    expect(score.importanceScore).toBeGreaterThanOrEqual(0.7)
  })

  it('rates an ordinary contribution as signal, above a greeting', () => {
    const contribution = scoreNoiseFeatures({
      content: "Actually, you can just copy the setup.py from miguel when I make that one because it's going to be pretty much the same",
    })
    expect(contribution.noiseClassification).toBe('signal')
    expect(contribution.importanceScore).toBeGreaterThan(scoreNoiseFeatures({ content: 'hello' }).importanceScore)
  })

  it('flags promotional link farms and shouting as spam', () => {
    const spam = scoreNoiseFeatures({
      content: 'EARN $500 DAILY FROM HOME!!! Click here https://a.example https://b.example https://c.example',
    })
    expect(spam.noiseClassification).toBe('spam')
    expect(spam.factors.spam_signals).toBeGreaterThanOrEqual(0.6)
    expect(spam.importanceScore).toBe(0)
  })

  it('lowers bot messages, duplicates and service events', () => {
    const text = 'Created an issue for a setup.py so that it can be installed to a standard place'
    const person = scoreNoiseFeatures({ content: text })
    expect(scoreNoiseFeatures({ content: text, isBot: true }).importanceScore).toBeLessThan(person.importanceScore)
    expect(scoreNoiseFeatures({ content: text, duplicate: true }).noiseClassification).toBe('noise')
    expect(scoreNoiseFeatures({ content: '<@U0BMQB6JE> has joined the channel', service: true }).noiseClassification).toBe('noise')
  })

  it('maps classes to analysis status', () => {
    expect(analysisStatusFor('spam')).toBe('spam')
    expect(analysisStatusFor('noise')).toBe('noise')
    expect(analysisStatusFor('signal')).toBe('analyzed')
    expect(analysisStatusFor('high_quality')).toBe('analyzed')
    expect(analysisStatusFor('low_quality')).toBe('analyzed')
  })
})

describe('scoreNoiseLocally (the noise_scoring task contract)', () => {
  it('answers one result per message and marks a repeat within the batch as duplicate', async () => {
    const output = await scoreNoiseLocally({
      messages: [
        { id: 'a', content: 'Use unittest or py.test; up to you' },
        { id: 'b', content: 'We do GA', author: 'hfaran' },
        { id: 'c', content: 'use unittest or  py.test; up to you' },
      ],
    })
    expect(output.results.map((r) => r.id)).toEqual(['a', 'b', 'c'])
    expect(output.results[0].factors.duplicate).toBe(0)
    expect(output.results[2].factors.duplicate).toBe(1)
    expect(output.results[2].noise_classification).toBe('noise')
  })
})

describe('meeting transcripts and mailing-list housekeeping', () => {
  it('reads a turn of transcript markup alone as noise, and the words around the markup as words', () => {
    // Turns of the AMI meeting ES2005a (../shared/fixtures/meetings/json/qmsum_ami_ES2005a_meeting.json).
    expect(scoreNoiseFeatures({ content: '{vocalsound} {vocalsound}' }).noiseClassification).toBe('noise')
    expect(scoreNoiseFeatures({ content: '{gap}' }).noiseClassification).toBe('noise')
    const spoken = scoreNoiseFeatures({
      content: "Um , if you could maybe come up with sort of shapes and suggested shades {disfmarker} and how it's made .",
    })
    expect(spoken.noiseClassification).not.toBe('noise')
  })

  it('reads "please remove me from your mailing list" as noise, and its copies with other footers as duplicates', async () => {
    const first = 'Please remove me from your mailing list immediately. Thank you.'
    const out = await scoreNoiseLocally({
      messages: [
        { id: 'r1', content: `${first}\n\n________________________________\nFrom: users@httpd.apache.org\nSent: Monday` },
        { id: 'r2', content: `${first}\n\n________________________________\nFrom: users@httpd.apache.org\nSent: Tuesday` },
        { id: 'q', content: 'Please remove the stale worker from the balancer before the restart.' },
      ],
    })
    expect(out.results.map((r) => r.noise_classification)).toEqual(['noise', 'noise', expect.not.stringMatching(/noise|spam/)])
    expect(out.results[0].factors.list_admin).toBe(1)
    expect(out.results[1].factors.duplicate).toBe(1)
  })
})
