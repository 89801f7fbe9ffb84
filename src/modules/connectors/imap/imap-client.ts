// One IMAP session for a source: imapflow over implicit TLS (993) or plain/STARTTLS (143), logged in with the
// sealed password or an OAuth2 access token (SASL XOAUTH2/OAUTHBEARER). Errors become sentences a person can act on (the source's last_error shows them).
import { ImapFlow } from 'imapflow'
import { z } from 'zod'

export const defaultImapFolders = ['INBOX', 'Sent']

export const imapSetupSchema = z.object({
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535).default(993),
  /** true: TLS from the first byte (993); false: plain, upgraded with STARTTLS when the server offers it. */
  tls: z.boolean().default(true),
  user: z.string().trim().min(1).max(320),
  /** Optional on an update (the stored one is kept). */
  password: z.string().min(1).max(1024).optional(),
  /** OAuth2 bearer token instead of the password (Gmail, Microsoft 365, ...), sealed like it. */
  accessToken: z.string().min(1).max(8192).optional(),
  /** Folders to follow; "Sent" also finds the server's \Sent folder under another name. */
  folders: z.array(z.string().trim().min(1).max(512)).min(1).max(50).default(defaultImapFolders),
  /** First sync of a large mailbox: only mail received in the last N days (later syncs take everything new). */
  firstSyncDays: z.number().int().min(1).max(36500).optional(),
  /** How often the workers look for new mail. */
  pollSeconds: z.number().int().min(10).max(86400).default(120),
})
export type ImapSettings = z.infer<typeof imapSetupSchema>

/** What is stored in sources.config: the settings without the password or token. */
export type ImapSourceConfig = Omit<ImapSettings, 'password' | 'accessToken'>
/** What is sealed in the source's secrets: one of the two. */
export type ImapCredentials = { password?: string; accessToken?: string }

export async function openImapSession(config: ImapSourceConfig, credentials: ImapCredentials): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: config.host,
    port: config.port,
    secure: config.tls,
    auth: credentials.accessToken
      ? { user: config.user, accessToken: credentials.accessToken }
      : { user: config.user, pass: credentials.password ?? '' },
    logger: false,
    connectionTimeout: 20_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
  })
  // A dropped connection emits 'error'; without a listener that would end the process.
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (error) {
    client.close()
    throw new ImapError(describeImapError(error, config), Boolean((error as { authenticationFailed?: boolean }).authenticationFailed))
  }
  return client
}

/** An IMAP failure already put into words (kept as is when it passes through another catch). */
export class ImapError extends Error {
  constructor(
    message: string,
    readonly authenticationFailed = false,
  ) {
    super(message)
  }
}

export function describeImapError(error: unknown, config: Pick<ImapSourceConfig, 'host' | 'port' | 'user'>): string {
  const e = error as { authenticationFailed?: boolean; responseText?: string; code?: string; message?: string }
  if (error instanceof ImapError) return error.message
  const server = `${config.host}:${config.port}`
  if (e?.authenticationFailed) {
    return `The IMAP server ${server} rejected the login for ${config.user} (wrong user or password?)${e.responseText ? `: ${e.responseText}` : ''}`
  }
  if (e?.code === 'ECONNREFUSED') return `Nothing accepts IMAP connections at ${server} (connection refused)`
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') return `The IMAP host ${config.host} is unknown (DNS lookup failed)`
  if (e?.code === 'ETIMEDOUT' || e?.code === 'CONNECT_TIMEOUT' || e?.code === 'GREETING_TIMEOUT')
    return `The IMAP server ${server} did not answer in time`
  return `IMAP ${server}: ${e?.responseText ?? e?.message ?? String(error)}`
}

/** Logs out politely; a session that is already gone is just closed. */
export async function closeImapSession(client: ImapFlow): Promise<void> {
  await client.logout().catch(() => client.close())
}
