// `signalbox telegram link --user <name> [--owner]`: prints a one-time deep link that binds a Telegram account.
import type { Command } from 'commander'
import { cliConfig, CliError, dataOf, viaServerOrLocal } from '../../../cli/runtime.js'
import { findUserByUsername } from '../../identity/index.js'
import { createLinkToken, type LinkToken } from './linking.js'

export function registerTelegramCommand(program: Command) {
  const telegram = program.command('telegram').description('The Telegram bot: account linking')
  telegram
    .command('link')
    .description('A one-time link that binds a Telegram account to a user (or, with --owner, the owner chat)')
    .requiredOption('--user <username>', 'the Signalbox user')
    .option('--owner', 'bind the instance owner chat (signup PINs, admin notices)')
    .option('--source <id>', 'the bot, when several are connected')
    .action(async (options: { user: string; owner?: boolean; source?: string }) => {
      const config = cliConfig()
      const purpose = options.owner ? 'owner' : 'link'
      const link = await viaServerOrLocal<LinkToken>(config, {
        remote: async (server) => {
          const users: { users: Array<{ id: string; username: string }> } = await dataOf(server.api.GET('/api/v1/admin/users'))
          const user = users.users.find((u) => u.username === options.user.toLowerCase())
          if (!user) throw new CliError(`No user named '${options.user}'`)
          return dataOf(server.api.POST('/api/v1/telegram/link', { body: { userId: user.id, purpose, sourceId: options.source } }))
        },
        local: async (ctx) => {
          const user = await findUserByUsername(ctx, options.user)
          if (!user) throw new CliError(`No user named '${options.user}'`)
          return createLinkToken(ctx, { userId: user.id, purpose, sourceId: options.source })
        },
      })
      process.stdout.write(`Open this link in Telegram within 15 minutes (it works once):\n${link.deepLink}\n`)
    })
}
