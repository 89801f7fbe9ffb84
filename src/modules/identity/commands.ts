// `signalbox user ...`, `signalbox signup ...` and `signalbox token ...`: thin shells over the identity
// services, working against a running server (its admin API) or directly on the database.
import { workspaceRoles } from '../workspaces/index.js'
import type { Command } from 'commander'
import { cliConfig, CliError, dataOf, viaServerOrLocal } from '../../cli/runtime.js'
import { randomToken } from '../../lib/crypto.js'
import { AppError } from '../../lib/errors.js'
import type { Scope } from '../../http/guards.js'
import type { WorkspaceRole } from '../../lib/context.js'
import { tokenScopes } from './api-tokens.js'
import {
  approveSignupRequestAsAdmin,
  createTokenAsAdmin,
  createUserAsAdmin,
  listAllUsers,
  listSignupRequestsAsAdmin,
} from './admin-actions.js'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}

/** Service errors become one-line CLI errors. */
async function cli<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof AppError) {
      const details = error.details ? ` ${JSON.stringify(error.details)}` : ''
      throw new CliError(`${error.message}${details}`)
    }
    throw error
  }
}

function parseScopes(value: string): Scope[] {
  const scopes = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const unknown = scopes.filter((s) => !(tokenScopes as readonly string[]).includes(s))
  if (unknown.length || !scopes.length) throw new CliError(`--scopes must be a comma list of ${tokenScopes.join(', ')}`)
  return scopes as Scope[]
}

const defaultWorkspaceRoles = [...workspaceRoles, 'none'] as const

function parseDefaultWorkspaceRole(value: string): WorkspaceRole | 'none' {
  const role = defaultWorkspaceRoles.find((r) => r === value)
  if (!role) throw new CliError(`--role must be one of ${defaultWorkspaceRoles.join(', ')} (got '${value}')`)
  return role
}

export function registerIdentityCommands(program: Command) {
  const user = program.command('user').description('Manage users')
  user
    .command('create <username>')
    .description('Create a user; --admin makes an instance admin who owns the default workspace')
    .option('--admin', 'instance administrator (owner of the default workspace)')
    .option('--email <email>')
    .option('--display-name <name>')
    .option('--role <role>', 'role in the default workspace for non-admins: owner|admin|member|viewer|none', 'member')
    .option('--password-stdin', 'read the password from stdin (otherwise one is generated and printed once)')
    .action(
      async (
        username: string,
        options: { admin?: boolean; email?: string; displayName?: string; role: string; passwordStdin?: boolean },
      ) => {
        const config = cliConfig()
        // Admins own the default workspace, as the first admin does.
        const defaultWorkspaceRole = options.admin ? 'owner' : parseDefaultWorkspaceRole(options.role)
        const generated = !options.passwordStdin
        const password = options.passwordStdin ? await readStdin() : randomToken(15)
        const input = {
          username,
          password,
          email: options.email,
          displayName: options.displayName,
          isAdmin: Boolean(options.admin),
          defaultWorkspaceRole,
        }
        const { user: created } = await cli(() =>
          viaServerOrLocal(config, {
            remote: (server) => dataOf(server.api.POST('/api/v1/admin/users', { body: input })),
            local: (ctx) => createUserAsAdmin(ctx, input),
          }),
        )
        console.log(`Created ${created.isAdmin ? 'admin ' : ''}user ${created.username} (${created.id})`)
        if (generated) console.log(`Password (shown once, change it after signing in): ${password}`)
      },
    )

  user
    .command('list')
    .description('List users')
    .action(async () => {
      const config = cliConfig()
      const users = await cli(() =>
        viaServerOrLocal(config, {
          remote: async (server) => (await dataOf(server.api.GET('/api/v1/admin/users'))).users,
          local: async (ctx) => (await listAllUsers(ctx)).users,
        }),
      )
      for (const u of users) console.log(`${u.id}  ${u.username}${u.isAdmin ? ' (admin)' : ''}${u.isActive ? '' : ' [inactive]'}`)
    })

  const signup = program.command('signup').description('Signup requests waiting for a PIN')
  signup
    .command('list')
    .description('Pending signup requests')
    .action(async () => {
      const config = cliConfig()
      const requests = await cli(() =>
        viaServerOrLocal(config, {
          remote: async (server) => (await dataOf(server.api.GET('/api/v1/admin/signup-requests'))).requests,
          local: async (ctx) => (await listSignupRequestsAsAdmin(ctx)).requests,
        }),
      )
      if (!requests.length) console.log('No pending signup requests')
      for (const r of requests) console.log(`${r.id}  ${r.username}  expires ${r.expiresAt}  attempts left ${r.attemptsLeft}`)
    })

  signup
    .command('approve <id>')
    .description('Approve a signup request and print its PIN, to hand to the person')
    .action(async (id: string) => {
      const config = cliConfig()
      const approved = await cli(() =>
        viaServerOrLocal(config, {
          remote: (server) => dataOf(server.api.POST('/api/v1/admin/signup-requests/{id}/approve', { params: { path: { id } } })),
          local: (ctx) => approveSignupRequestAsAdmin(ctx, id),
        }),
      )
      if (!approved.pin) throw new CliError('This request has used up its PIN attempts: the person must sign up again')
      console.log(`PIN for ${approved.username}: ${approved.pin} (valid until ${approved.expiresAt})`)
    })

  const token = program.command('token').description('API tokens')
  token
    .command('create')
    .description('Create an API token for a user (printed once)')
    .requiredOption('--user <username>')
    .requiredOption('--name <name>')
    .option('--scopes <list>', 'comma list of read, write, admin, ingest', 'read')
    .option('--workspace <slug>', 'workspace slug or id', 'default')
    .option('--expires-in-days <n>', 'expiry in days')
    .action(async (options: { user: string; name: string; scopes: string; workspace: string; expiresInDays?: string }) => {
      const config = cliConfig()
      const input = {
        username: options.user,
        workspace: options.workspace,
        name: options.name,
        scopes: parseScopes(options.scopes),
        expiresInDays: options.expiresInDays ? Number(options.expiresInDays) : undefined,
      }
      const created = await cli(() =>
        viaServerOrLocal(config, {
          remote: (server) => dataOf(server.api.POST('/api/v1/admin/tokens', { body: input })),
          local: (ctx) => createTokenAsAdmin(ctx, input),
        }),
      )
      console.log(`Token ${created.name} (${created.scopes.join(', ')}), shown once:\n${created.token}`)
    })
}
