import { describe, expect, it } from 'vitest'
import { hasFilters, messageFilterSql, type SearchFilters } from './filters.js'

describe('search filters', () => {
  it('count only filter keys, so a whole search input without filters ranks without joining messages', () => {
    const input: SearchFilters & Record<string, unknown> = { q: 'deploy', mode: 'hybrid', depth: 100, rrfK: 60 }
    expect(hasFilters(input)).toBe(false)
    expect(hasFilters({ ...input, sourceId: undefined })).toBe(false)
    expect(hasFilters({ ...input, from: new Date('2026-01-01T00:00:00Z') })).toBe(true)
  })

  it('parameterise every value after the workspace', () => {
    const params: unknown[] = ['workspace']
    const sql = messageFilterSql({ sourceId: 's', personId: 'p', to: new Date('2026-02-01T00:00:00Z') }, params)
    expect(sql).toBe(
      'm.source_id = $2::uuid AND m.sent_at < $3::timestamptz AND m.author_identity_id IN (SELECT i.id FROM identities i WHERE i.workspace_id = $1 AND i.person_id = $4::uuid)',
    )
    expect(params).toEqual(['workspace', 's', '2026-02-01T00:00:00.000Z', 'p'])
  })
})
