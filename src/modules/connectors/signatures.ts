// HMAC checks shared by the connectors' webhooks, always over the exact bytes received and compared in constant
// time. Each service's scheme (what is signed, which header, which prefix) is in its own verify function.
import { createHmac, timingSafeEqual } from 'node:crypto'

export function hmacSha256Hex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex')
}

export function equalInConstantTime(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** A signed timestamp (Unix seconds) within `windowSeconds` of now, against replays of old deliveries. */
export function timestampIsFresh(timestamp: string | undefined, windowSeconds = 300, now = Date.now()): boolean {
  return Boolean(timestamp && /^\d+$/.test(timestamp) && Math.abs(now / 1000 - Number(timestamp)) <= windowSeconds)
}
