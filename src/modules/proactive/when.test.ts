// Reading reminder times from plain words in the person's time zone.
import { describe, expect, it } from 'vitest'
import { parseWhen, reminderFromText } from './messages.js'
import { quietHoursEnd, inQuietHours, zonedInstant } from './preferences.js'

// Monday 7 December 2026, 12:00 UTC (13:00 in Berlin).
const now = new Date('2026-12-07T12:00:00Z')

describe('reminder times', () => {
  it('reads times in the person’s zone, a bare day as 09:00 there, and a weekday said that day as next week', () => {
    expect(parseWhen('tomorrow at 17:00', now, 'Europe/Berlin')?.toISOString()).toBe('2026-12-08T16:00:00.000Z')
    expect(parseWhen('Friday', now, 'America/New_York')?.toISOString()).toBe('2026-12-11T14:00:00.000Z')
    expect(parseWhen('Monday', now, 'Europe/Berlin')?.toISOString()).toBe('2026-12-14T08:00:00.000Z')
    expect(parseWhen('in 2 hours', now, 'Asia/Tokyo')?.toISOString()).toBe('2026-12-07T14:00:00.000Z')
    expect(parseWhen('yesterday', now, 'UTC')).toBeNull()
    expect(parseWhen('whenever', now, 'UTC')).toBeNull()
  })

  it('splits "remind me …" into when and what', () => {
    expect(reminderFromText('remind me Friday to send the invoice', now, 'UTC')).toEqual({
      at: new Date('2026-12-11T09:00:00Z'),
      content: 'send the invoice',
    })
    expect(reminderFromText('Remind me on Monday about the budget review', now, 'UTC')?.content).toBe('the budget review')
    expect(reminderFromText('remind me to call', now, 'UTC')).toBeNull()
  })

  it('finds wall-clock instants across a DST change and the end of quiet hours that wrap midnight', () => {
    // Berlin moves to summer time on 29 March 2026: 09:00 is 07:00 UTC after, 08:00 UTC before.
    expect(zonedInstant('2026-03-30', 9 * 60, 'Europe/Berlin').toISOString()).toBe('2026-03-30T07:00:00.000Z')
    expect(zonedInstant('2026-03-27', 9 * 60, 'Europe/Berlin').toISOString()).toBe('2026-03-27T08:00:00.000Z')
    const prefs = { quietStartMinute: 22 * 60, quietEndMinute: 7 * 60, timezone: 'UTC' }
    expect(inQuietHours(prefs, new Date('2026-12-07T23:10:00Z'))).toBe(true)
    expect(inQuietHours(prefs, new Date('2026-12-07T12:00:00Z'))).toBe(false)
    expect(quietHoursEnd(prefs, new Date('2026-12-07T23:10:00Z')).toISOString()).toBe('2026-12-08T07:00:00.000Z')
  })
})
