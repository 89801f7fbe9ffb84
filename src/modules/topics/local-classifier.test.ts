// The local topic classifier and colour handling, without a database.
import { describe, expect, it } from 'vitest'
import { classifyTopicsLocally, tokenize } from './local-classifier.js'
import { normaliseColor, pickColor, tailwindHex } from './colors.js'
import { ValidationError } from '../../lib/errors.js'

const topics = [
  { id: 'deploy', name: 'Deployment', description: 'Releases, CI pipelines and servers', keywords: ['docker', 'kubernetes', 'rollback'] },
  { id: 'billing', name: 'Billing', description: 'Invoices, payments and refunds', keywords: ['invoice', 'credit card', 'stripe'] },
  {
    id: 'db',
    name: 'Database',
    description: 'Postgres schema, queries, transactions and isolation levels',
    keywords: ['sql', 'migration', 'index'],
  },
]

describe('classifyTopicsLocally', () => {
  it('puts messages in the topic whose words they share, with a confidence', async () => {
    const { results } = await classifyTopicsLocally({
      topics,
      messages: [
        { id: '1', content: 'The docker image fails to deploy on kubernetes, should we roll back the release?' },
        { id: '2', content: 'Customer says the invoice was charged twice on their credit card' },
        // Real line (Telegram export, tgif/database-isolation-level): isolation levels are database talk.
        { id: '3', content: 'serializable itu ngejamin consistency, tapi ada drawback di performance. Transactions + isolation level' },
        { id: '4', content: 'happy birthday!!' },
      ],
    })
    expect(results.map((r) => r.topic_id)).toEqual(['deploy', 'billing', 'db', null])
    for (const r of results.slice(0, 3)) {
      expect(r.confidence).toBeGreaterThan(0)
      expect(r.confidence).toBeLessThanOrEqual(1)
    }
    expect(results[3].confidence).toBe(0)
  })

  it('gives a clear match more confidence than a mixed one', async () => {
    const { results } = await classifyTopicsLocally({
      topics,
      messages: [
        { id: 'clear', content: 'stripe invoice refund for the payment' },
        { id: 'mixed', content: 'the stripe payment migration broke the sql index' },
      ],
    })
    expect(results[0].confidence).toBeGreaterThan(results[1].confidence)
  })

  it('tokenises across languages and drops stop words', () => {
    expect(tokenize('The deployments are failing')).toEqual(['deploy', 'fail'])
    expect(tokenize('Не работает база данных')).toEqual(['работает', 'база', 'данных'])
    expect(tokenize('серверами')).toEqual(tokenize('сервер'))
  })
})

describe('topic colours', () => {
  it('keeps hex colours, expands #RGB and converts Tailwind names', () => {
    expect(normaliseColor('#3B82F6')).toBe('#3b82f6')
    expect(normaliseColor('#abc')).toBe('#aabbcc')
    expect(normaliseColor('blue-500')).toBe('#3b82f6')
    expect(normaliseColor('emerald')).toBe('#10b981')
    expect(normaliseColor('bg-rose-700')).toBe('#be123c')
  })

  it('rejects what is neither, naming the field', () => {
    expect(() => normaliseColor('blurple')).toThrow(ValidationError)
    expect(() => normaliseColor('blue-550')).toThrow(/Tailwind/)
    try {
      normaliseColor('#12345')
    } catch (error) {
      expect((error as ValidationError).details).toEqual([expect.objectContaining({ path: 'color' })])
    }
  })

  it('picks an unused colour, then falls back on the name', () => {
    const first = pickColor([], 'a')
    expect(first).toBe(tailwindHex('blue'))
    expect(pickColor([first], 'b')).not.toBe(first)
    expect(pickColor([first.toUpperCase()], 'b')).not.toBe(first)
  })
})
