// What PostgreSQL can store, checked before it gets there: text without NUL, well-formed UTF-16 (no lone
// surrogates), JSON nested to a sane depth, and timestamps inside PostgreSQL's calendar. Each of these reached
// the database once and came back as a 500 (issue 18 item 3); here it becomes a 400 naming the field.
import { z } from 'zod'

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Why PostgreSQL would refuse this text, or null when it is fine. */
export function unstorableTextReason(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored'
  if (loneSurrogate.test(text)) return 'contains a lone UTF-16 surrogate (not valid Unicode)'
  return null
}

/** Depth of JSON accepted anywhere (a message's raw payload, a request body); real payloads stay under ~20. */
export const maxJsonDepth = 64

export type UnstorablePlace = { path: Array<string | number>; message: string }

/** The first place in a JSON value that cannot be stored (a bad string or key, or nesting past maxDepth).
 * Iterative, so a hostile 100,000-level value cannot overflow the stack while being checked. */
export function findUnstorableValue(value: unknown, maxDepth = maxJsonDepth): UnstorablePlace | null {
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [{ value, path: [] }]
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!
    if (typeof current === 'string') {
      const reason = unstorableTextReason(current)
      if (reason) return { path, message: reason }
      continue
    }
    if (current === null || typeof current !== 'object') continue
    if (path.length >= maxDepth) return { path, message: `is nested deeper than ${maxDepth} levels` }
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: [...path, i] })
      continue
    }
    for (const [key, child] of Object.entries(current)) {
      const reason = unstorableTextReason(key)
      if (reason) return { path: [...path, key], message: `key ${reason}` }
      stack.push({ value: child, path: [...path, key] })
    }
  }
  return null
}

/** A string PostgreSQL can store. */
export const storableString = () =>
  z.string().superRefine((text, context) => {
    const reason = unstorableTextReason(text)
    if (reason) context.addIssue({ code: 'custom', message: reason })
  })

/** Any JSON value PostgreSQL can store as jsonb. */
export const storableJson = (maxDepth = maxJsonDepth) =>
  z.unknown().superRefine((value, context) => {
    const found = findUnstorableValue(value, maxDepth)
    if (found) context.addIssue({ code: 'custom', message: found.message, path: found.path })
  })

const earliestTimestamp = Date.UTC(1, 0, 1)
const latestTimestamp = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

/** True for a moment PostgreSQL stores and JavaScript reads back (year 1 to 9999, UTC). */
export function isStorableTime(ms: number): boolean {
  return Number.isFinite(ms) && ms >= earliestTimestamp && ms <= latestTimestamp
}

/** The ISO form of a moment PostgreSQL can store, or null (also for NaN and values Date cannot hold). */
export function storableIso(ms: number): string | null {
  return isStorableTime(ms) ? new Date(ms).toISOString() : null
}

const outOfRange = 'must be between the years 1 and 9999'

/** An ISO 8601 date-time with an offset, within isStorableTime. */
export const storableDateTime = () => z.iso.datetime({ offset: true }).refine((text) => isStorableTime(Date.parse(text)), outOfRange)

/** A date from a query string (anything Date parses), within isStorableTime. */
export const storableQueryDate = () => z.coerce.date().refine((date) => isStorableTime(date.getTime()), outOfRange)
