// The one place that reads process.env: a zod schema turns it into a typed Config or stops start-up.
import { z } from 'zod'
import path from 'node:path'

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const environmentSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  SIGNALBOX_DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  SIGNALBOX_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
    .optional(),
  SIGNALBOX_EMBEDDER: z.enum(['none', 'local', 'openai-compatible']).default('none'),
  SIGNALBOX_EMBEDDING_DIM: z.coerce.number().int().min(16).max(4096).default(384),
  SIGNALBOX_EMBEDDING_BASE_URL: z.string().url().optional(),
  SIGNALBOX_EMBEDDING_MODEL: z.string().optional(),
  SIGNALBOX_EMBEDDING_API_KEY: z.string().optional(),
  SIGNALBOX_EMBEDDING_BATCH_SIZE: z.coerce.number().int().min(1).max(2048).default(64),
  SIGNALBOX_EMBEDDING_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  SIGNALBOX_EMBEDDING_RPM: z.coerce.number().int().min(0).default(0),
  SIGNALBOX_EMBEDDING_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  SIGNALBOX_WORKERS: z.enum(['on', 'off']).default('on'),
  SIGNALBOX_FIRST_USER_ADMIN: z.enum(['true', 'false']).default('false'),
  SIGNALBOX_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  SIGNALBOX_PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^[1-9]\d*(kB|MB|GB)$/, 'expected a size such as 256MB')
    .default('256MB'),
  SIGNALBOX_PUBLIC_URL: z.string().url().optional(),
  /** smtp://user:pass@host:587 or smtps://…:465; unset = no email delivery. */
  SIGNALBOX_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected smtp://… or smtps://…')
    .optional(),
  SIGNALBOX_MAIL_FROM: z.string().default('Signalbox <signalbox@localhost>'),
})

export type Config = {
  databaseUrl?: string
  dataDir: string
  /** The embedded database's buffer cache (PostgreSQL shared_buffers); PGlite holds all of it in memory. */
  pgliteSharedBuffers: string
  port: number
  host: string
  logLevel: (typeof logLevels)[number]
  secretKeyHex?: string
  embedder: {
    /** 'none' (default): search is full text + trigram, no vectors; 'local': weightless hashing vectors (opt-in,
     * measured weaker than BM25 alone); 'openai-compatible': a real embedding model, hybrid search. */
    kind: 'none' | 'local' | 'openai-compatible'
    dimension: number
    baseUrl?: string
    model?: string
    apiKey?: string
    /** Texts per request, requests in flight, requests per minute (0 = unlimited), per-request timeout. */
    batchSize: number
    concurrency: number
    requestsPerMinute: number
    timeoutMs: number
  }
  runWorkers: boolean
  firstUserAdmin: boolean
  /** Behind a reverse proxy: take the client address and scheme from X-Forwarded-* (rate limits, Secure cookies). */
  trustProxy: boolean
  /** The address the outside world reaches this server at (webhooks are registered there); unset = no webhooks. */
  publicUrl?: string
  /** Outgoing mail (proactive messages by email); unset = email delivery fails visibly. */
  mail?: { smtpUrl: string; from: string }
}

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError with one line naming the variable at fault. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const variable = String(issue.path[0] ?? 'environment')
    throw new ConfigError(`Invalid environment variable ${variable}: ${issue.message}`)
  }
  const e = parsed.data
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.SIGNALBOX_DATA_DIR),
    pgliteSharedBuffers: e.SIGNALBOX_PGLITE_SHARED_BUFFERS,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    secretKeyHex: e.SIGNALBOX_SECRET_KEY,
    embedder: {
      kind: e.SIGNALBOX_EMBEDDER,
      dimension: e.SIGNALBOX_EMBEDDING_DIM,
      baseUrl: e.SIGNALBOX_EMBEDDING_BASE_URL,
      model: e.SIGNALBOX_EMBEDDING_MODEL,
      apiKey: e.SIGNALBOX_EMBEDDING_API_KEY,
      batchSize: e.SIGNALBOX_EMBEDDING_BATCH_SIZE,
      concurrency: e.SIGNALBOX_EMBEDDING_CONCURRENCY,
      requestsPerMinute: e.SIGNALBOX_EMBEDDING_RPM,
      timeoutMs: e.SIGNALBOX_EMBEDDING_TIMEOUT_MS,
    },
    runWorkers: e.SIGNALBOX_WORKERS === 'on',
    firstUserAdmin: e.SIGNALBOX_FIRST_USER_ADMIN === 'true',
    trustProxy: e.SIGNALBOX_TRUST_PROXY === 'true',
    publicUrl: e.SIGNALBOX_PUBLIC_URL?.replace(/\/+$/, ''),
    mail: e.SIGNALBOX_SMTP_URL ? { smtpUrl: e.SIGNALBOX_SMTP_URL, from: e.SIGNALBOX_MAIL_FROM } : undefined,
  }
}
