// pino with redaction of every field that can hold a secret, so keys and tokens never reach the logs.
import pino, { type DestinationStream } from 'pino'
import type { FastifyBaseLogger } from 'fastify'

export const redactedPaths = [
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'api_key',
  '*.api_key',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'secret',
  '*.secret',
  'totpSecret',
  '*.totpSecret',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'res.headers["set-cookie"]',
]

/** The structural logger type both pino and Fastify accept. */
export type Log = FastifyBaseLogger

export function createLogger(level: string, destination?: DestinationStream): Log {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' } }, destination)
}
