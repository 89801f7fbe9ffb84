// Connecting a mailbox: the settings are checked by logging in and finding the folders to follow; the password
// (or OAuth2 access token) is stored only in the source's sealed secrets, never in its config.
import type { ServiceContext } from '../../../lib/context.js'
import { ValidationError } from '../../../lib/errors.js'
import type { ConnectedSource, ConnectorSetup } from '../connector.js'
import { closeImapSession, describeImapError, ImapError, openImapSession, type ImapCredentials, type ImapSettings } from './imap-client.js'
import { resolveImapFolders } from './sync-mailbox.js'

export async function setUpImapMailbox(
  _ctx: ServiceContext,
  rawInput: Record<string, unknown>,
  target: { sourceId: string; previous?: { source: ConnectedSource; secrets: Record<string, string> } },
): Promise<ConnectorSetup> {
  const input = rawInput as ImapSettings
  // A new password or token replaces the stored credential; without either the stored one is kept.
  const credentials: ImapCredentials = input.accessToken
    ? { accessToken: input.accessToken }
    : input.password
      ? { password: input.password }
      : { ...target.previous?.secrets }
  if (!credentials.password && !credentials.accessToken)
    throw new ValidationError('Enter the mailbox password or an OAuth2 access token', [{ path: 'settings.password', message: 'required' }])
  const credentialField = credentials.accessToken ? 'settings.accessToken' : 'settings.password'
  const { password: _password, accessToken: _token, ...config }: ImapSettings = input
  let client
  try {
    client = await openImapSession(config, credentials)
  } catch (error) {
    const rejected = error instanceof ImapError && error.authenticationFailed
    throw new ValidationError((error as Error).message, [
      { path: rejected ? credentialField : 'settings.host', message: rejected ? 'rejected' : 'unreachable' },
    ])
  }
  try {
    const { found, missing } = await resolveImapFolders(client, config.folders)
    if (found.length === 0) {
      throw new ValidationError(`None of the folders ${config.folders.join(', ')} exists on ${config.host}`, [
        { path: 'settings.folders', message: 'not found' },
      ])
    }
    return {
      name: `${config.user}@${config.host}`.slice(0, 255),
      config,
      secrets: credentials as Record<string, string>,
      notices: missing.length > 0 ? [`These folders do not exist and are not followed until they do: ${missing.join(', ')}`] : [],
    }
  } catch (error) {
    if (error instanceof ValidationError) throw error
    throw new ValidationError(describeImapError(error, config), [{ path: 'settings.host', message: 'unreachable' }])
  } finally {
    await closeImapSession(client)
  }
}
