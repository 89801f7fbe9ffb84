// Opaque keyset cursors: base64url of JSON, so clients cannot depend on their shape.
import { ValidationError } from './errors.js'

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

export function decodeCursor<T>(cursor: string | undefined): T | undefined {
  if (!cursor) return undefined
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T
  } catch {
    throw new ValidationError('Invalid cursor', [{ path: 'cursor', message: 'not a cursor returned by this API' }])
  }
}

export type Page<T> = { items: T[]; nextCursor: string | null }
