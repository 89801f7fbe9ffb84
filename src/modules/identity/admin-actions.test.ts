// Instance administration as services (the admin API and the CLI call the same ones): who may act, what is
// audited, and the CLI's own checks on its flags.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ServiceContext } from '../../lib/context.js'
import { freshDatabase, testContext } from '../../../test/helpers/database.js'
import { createTestUser } from '../../../test/helpers/identity.js'
import { runSignalbox } from '../../../test/helpers/cli.js'
import { listAuditEvents } from '../audit/index.js'
import { listMemberships } from '../workspaces/index.js'
import { createTokenAsAdmin, createUserAsAdmin, listAllUsers, readAuditLog, updateUserAsAdmin } from './admin-actions.js'
import { createSession, listUserSessions } from './sessions.js'

describe('instance administration services', () => {
  let cli: ServiceContext
  beforeAll(async () => {
    cli = { ...(await testContext(await freshDatabase())), actor: { kind: 'system' } }
  })

  const asUser = (userId: string, isAdmin: boolean): ServiceContext => ({
    ...cli,
    actor: { kind: 'user', userId, role: 'member', sessionId: 'unused', isAdmin },
  })

  it('refuses people who are not instance admins', async () => {
    const member = await createTestUser(cli.database, { workspaceId: cli.workspaceId })
    const ctx = asUser(member.id, false)
    await expect(listAllUsers(ctx)).rejects.toThrow('Instance administrator required')
    await expect(createUserAsAdmin(ctx, { username: 'sneaky', defaultWorkspaceRole: 'member' })).rejects.toThrow(
      'Instance administrator required',
    )
    await expect(readAuditLog(ctx, { limit: 10 })).rejects.toThrow('Instance administrator required')
    expect((await listAllUsers(cli)).users.some((u) => u.username === 'sneaky')).toBe(false)
  })

  it('the CLI creates a user in the default workspace with the role asked for, audited as the cli', async () => {
    const { user } = await createUserAsAdmin(cli, { username: 'viewerperson', defaultWorkspaceRole: 'viewer' })
    const memberships = await listMemberships(cli)
    expect(memberships.find((m) => m.userId === user.id)?.role).toBe('viewer')
    const { events } = await listAuditEvents(cli, { limit: 10, action: 'admin.user.create' })
    expect(events.find((e) => e.targetId === user.id)).toMatchObject({ actorName: 'cli', actorUserId: null })
  })

  it('a token the CLI creates for a user is audited like one made through the admin API', async () => {
    const person = await createTestUser(cli.database, { workspaceId: cli.workspaceId, role: 'member' })
    const created = await createTokenAsAdmin(cli, { username: person.username, workspace: 'default', name: 'ci', scopes: ['read'] })
    const { events } = await listAuditEvents(cli, { limit: 10, action: 'admin.token.create' })
    expect(events.find((e) => e.targetId === created.id)).toMatchObject({
      actorName: 'cli',
      workspaceId: cli.workspaceId,
      details: { username: person.username, scopes: ['read'] },
    })
  })

  it('an admin cannot demote themselves; deactivating someone ends their sessions', async () => {
    const admin = await createTestUser(cli.database, { isAdmin: true })
    const other = await createTestUser(cli.database, { workspaceId: cli.workspaceId })
    await createSession(cli, { userId: other.id, activeWorkspaceId: cli.workspaceId })
    await expect(updateUserAsAdmin(asUser(admin.id, true), admin.id, { isAdmin: false })).rejects.toThrow('cannot deactivate or demote')
    const { user } = await updateUserAsAdmin(asUser(admin.id, true), other.id, { isActive: false })
    expect(user.isActive).toBe(false)
    expect(await listUserSessions(cli, other.id)).toHaveLength(0)
    const { events } = await readAuditLog(cli, { limit: 10, action: 'admin.user.update' })
    expect(events[0]).toMatchObject({ actorUserId: admin.id, targetId: other.id, details: { isActive: false } })
  })
})

describe('signalbox user create', () => {
  it('names the --role flag and creates nobody when the role is unknown', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-user-create-'))
    try {
      const refused = await runSignalbox(dataDir, ['user', 'create', 'rolecheck', '--role', 'boss'])
      expect(refused.code).not.toBe(0)
      expect(refused.stderr).toContain("--role must be one of owner, admin, member, viewer, none (got 'boss')")
      const listed = await runSignalbox(dataDir, ['user', 'list'])
      expect(listed.code).toBe(0)
      expect(listed.stdout).not.toContain('rolecheck')
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }, 240_000) // two CLI runs, each migrating a fresh embedded database
})
