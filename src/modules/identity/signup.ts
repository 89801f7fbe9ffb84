// Signup with PIN (seed 4 signup_requests): a request holds the password hash and a one-time PIN
// (scrypt with its own salt for checking; encrypted so an admin can read it out). The PIN reaches an
// admin (admin API, `signalbox signup approve`), who hands it to the person; the request becomes a user
// only with the right PIN, before it expires, within its attempts. Answers never reveal whether a
// username exists or has a request pending: every path does the same hashing work (issue 18 item 6 measured
// ~30 ms vs ~62 ms when only new names paid for the PIN's scrypt), and a name with a pending request gets no
// second one, so a later requester can never take over an approved request (item 7).
import { addDefaultWorkspaceMember, listUserWorkspaces } from '../workspaces/index.js'
import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm'
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError } from '../../lib/errors.js'
import { getSetting } from '../settings/index.js'
import { recordAuditEvent } from '../audit/index.js'
import type { RequestMeta, DatabaseContext } from '../../lib/context.js'
import type { AuthContext } from './login.js'
import { decryptWithKeyRing, encryptWithKeyRing } from '../../lib/key-ring.js'
import { checkPasswordPolicy, hashPassword } from './passwords.js'
import { signupRequests } from './schema.js'
import { createSession } from './sessions.js'
import { assertNotThrottled, clearThrottle, recordThrottledAttempt, throttleKey, throttlePolicies } from './throttle.js'
import { countUsers, createUser, findUserByUsername, publicUser, usernameSchema, type UserRow } from './users.js'

export const signupRequestTtlSeconds = 24 * 60 * 60
export const maxPinAttempts = 5

const scryptAsync = promisify(scrypt) as (password: string, salt: string, length: number) => Promise<Buffer>

/** Off the event loop (libuv pool): scrypt takes tens of milliseconds. */
async function hashPin(pin: string, salt: string) {
  return (await scryptAsync(pin, salt, 32)).toString('hex')
}

export type SignupInput = { username: string; password: string; email?: string | null; displayName?: string | null; meta: RequestMeta }

export type SignupResult = { status: 'pending'; message: string } | { status: 'created'; user: ReturnType<typeof publicUser> }

const pendingMessage = 'Signup request received: ask an administrator for your PIN, then verify it within 24 hours.'

export async function requestSignup(auth: AuthContext, input: SignupInput): Promise<SignupResult> {
  const ipKey = throttleKey('signup', 'ip', input.meta.ip, throttlePolicies.signupIp)
  await assertNotThrottled(auth, [ipKey])
  await recordThrottledAttempt(auth, [ipKey])
  const username = usernameSchema.parse(input.username)
  checkPasswordPolicy(input.password, username)

  if (auth.config.firstUserAdmin && (await countUsers(auth)) === 0) {
    const user = await createFirstAdmin(auth, {
      username,
      password: input.password,
      email: input.email,
      displayName: input.displayName,
    })
    await recordAuditEvent(auth, {
      action: 'auth.signup.first-admin',
      actorUserId: user.id,
      targetType: 'user',
      targetId: user.id,
      meta: input.meta,
    })
    return { status: 'created', user: publicUser(user) }
  }
  if (!(await getSetting(auth, 'signup.open'))) throw new ForbiddenError('Signup is closed on this server')

  // All the costly work first, in every case, so a taken or pending name answers in the time of a free one.
  const passwordHash = await hashPassword(input.password)
  const pin = String(randomInt(0, 1_000_000)).padStart(6, '0')
  const pinSalt = randomBytes(16).toString('hex')
  const pinHash = await hashPin(pin, pinSalt)
  const pinEncrypted = encryptWithKeyRing(auth.config, pin)
  const refusal = (await findUserByUsername(auth, username))
    ? 'username-taken'
    : (await findPendingRequest(auth, username))
      ? 'request-pending'
      : null
  if (refusal) {
    await recordAuditEvent(auth, {
      action: 'auth.signup',
      outcome: 'failure',
      actorName: username,
      details: { reason: refusal },
      meta: input.meta,
    })
    return { status: 'pending', message: pendingMessage }
  }
  const [row] = await auth.database.db
    .insert(signupRequests)
    .values({
      username,
      email: input.email?.toLowerCase() ?? null,
      displayName: input.displayName ?? null,
      passwordHash,
      pinHash,
      pinSalt,
      pinEncrypted,
      expiresAt: new Date(Date.now() + signupRequestTtlSeconds * 1000),
      ip: input.meta.ip,
    })
    .returning({ id: signupRequests.id })
  await recordAuditEvent(auth, {
    action: 'auth.signup',
    actorName: username,
    targetType: 'signup_request',
    targetId: row.id,
    meta: input.meta,
  })
  auth.log.info({ signupRequestId: row.id, username }, 'signup request waiting for an admin (PIN: signalbox signup approve <id>)')
  return { status: 'pending', message: pendingMessage }
}

/** The first admin: an instance admin who owns the default workspace. */
export async function createFirstAdmin(
  ctx: DatabaseContext,
  input: { username: string; password?: string; passwordHash?: string; email?: string | null; displayName?: string | null },
): Promise<UserRow> {
  const user = await createUser(ctx, { ...input, isAdmin: true })
  await addDefaultWorkspaceMember(ctx, { userId: user.id, role: 'owner' })
  return user
}

const wrongPin = () => new UnauthorizedError('Wrong or expired PIN')

/** The request a PIN is checked against: an approved one first (older databases may hold several pending
 * requests for one name), else the latest unused one; expired ones are judged by the caller. */
async function findPendingRequest(ctx: DatabaseContext, username: string) {
  const [request] = await ctx.database.db
    .select()
    .from(signupRequests)
    .where(and(eq(signupRequests.username, username), isNull(signupRequests.usedAt), gt(signupRequests.expiresAt, new Date())))
    .orderBy(sql`${signupRequests.approvedAt} IS NULL`, desc(signupRequests.createdAt))
    .limit(1)
  return request
}

/** Turns the username's pending request (the approved one, if any) into a user when the PIN is right. */
export async function verifySignupPin(auth: AuthContext, input: { username: string; pin: string; meta: RequestMeta }) {
  const username = input.username.trim().toLowerCase()
  const accountKey = throttleKey('pin', 'account', username, throttlePolicies.pinAccount)
  const keys = [accountKey, throttleKey('pin', 'ip', input.meta.ip, throttlePolicies.pinIp)]
  await assertNotThrottled(auth, keys)
  const fail = async (reason: string, requestId?: string) => {
    await recordThrottledAttempt(auth, keys)
    await recordAuditEvent(auth, {
      action: 'auth.signup.verify',
      outcome: 'failure',
      actorName: username,
      targetType: requestId ? 'signup_request' : undefined,
      targetId: requestId,
      details: { reason },
      meta: input.meta,
    })
    return wrongPin()
  }
  const now = new Date()
  const request = await findPendingRequest(auth, username)
  if (!request) throw await fail('no-request-or-expired')
  // Count the attempt before comparing, atomically, so parallel guesses cannot exceed the limit.
  const [counted] = await auth.database.db
    .update(signupRequests)
    .set({ attemptCount: sql`${signupRequests.attemptCount} + 1` })
    .where(and(eq(signupRequests.id, request.id), lt(signupRequests.attemptCount, maxPinAttempts), isNull(signupRequests.usedAt)))
    .returning({ attempts: signupRequests.attemptCount })
  if (!counted) throw await fail('attempts-exhausted', request.id)
  const expected = Buffer.from(request.pinHash, 'hex')
  const actual = Buffer.from(await hashPin(input.pin.trim(), request.pinSalt), 'hex')
  if (!timingSafeEqual(expected, actual)) throw await fail('wrong-pin', request.id)

  const defaultRole = await getSetting(auth, 'signup.defaultRole')
  // Mark the request used first: of two parallel right answers only one creates the user.
  const [used] = await auth.database.db
    .update(signupRequests)
    .set({ usedAt: now })
    .where(and(eq(signupRequests.id, request.id), isNull(signupRequests.usedAt)))
    .returning({ id: signupRequests.id })
  if (!used) throw wrongPin()
  const created = await createUser(auth, {
    username,
    passwordHash: request.passwordHash,
    email: request.email,
    displayName: request.displayName,
  }).catch((error) => {
    if (error instanceof ConflictError) throw new ConflictError('This username was taken meanwhile: sign up again with another')
    throw error
  })
  if (defaultRole !== 'none') await addDefaultWorkspaceMember(auth, { userId: created.id, role: defaultRole })
  await clearThrottle(auth, [accountKey])
  await recordAuditEvent(auth, {
    action: 'auth.signup.verify',
    actorUserId: created.id,
    targetType: 'signup_request',
    targetId: request.id,
    meta: input.meta,
  })
  return created
}

/** The PIN is right: the new user is signed in at once, in their first workspace. The token goes into the cookie. */
export async function verifySignupPinAndSignIn(auth: AuthContext, input: { username: string; pin: string; meta: RequestMeta }) {
  const user = await verifySignupPin(auth, input)
  const [first] = await listUserWorkspaces(auth, user.id)
  const { token } = await createSession(auth, { userId: user.id, activeWorkspaceId: first?.id, meta: input.meta })
  return { user: publicUser(user), token }
}

/** Pending requests with their PINs, for admins only. */
export async function listPendingSignupRequests(auth: Omit<AuthContext, 'log'>) {
  const rows = await auth.database.db
    .select()
    .from(signupRequests)
    .where(and(isNull(signupRequests.usedAt), gt(signupRequests.expiresAt, new Date())))
    .orderBy(desc(signupRequests.createdAt))
  return rows.map((row) => describeRequest(auth, row))
}

function describeRequest(auth: Omit<AuthContext, 'log'>, row: typeof signupRequests.$inferSelect) {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    displayName: row.displayName,
    pin: row.attemptCount < maxPinAttempts ? decryptWithKeyRing(auth.config, row.pinEncrypted) : null,
    attemptCount: row.attemptCount,
    attemptsLeft: Math.max(0, maxPinAttempts - row.attemptCount),
    approvedAt: row.approvedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    ip: row.ip,
  }
}

/** An admin approves a request: it is marked, and the PIN is returned for the admin to pass on. */
export async function approveSignupRequest(
  auth: Omit<AuthContext, 'log'>,
  input: { id: string; actorUserId?: string | null; meta?: RequestMeta },
) {
  const [row] = await auth.database.db
    .update(signupRequests)
    .set({ approvedAt: new Date() })
    .where(and(eq(signupRequests.id, input.id), isNull(signupRequests.usedAt), gt(signupRequests.expiresAt, new Date())))
    .returning()
  if (!row) throw new NotFoundError('Pending signup request')
  await recordAuditEvent(auth, {
    action: 'admin.signup.approve',
    actorUserId: input.actorUserId,
    targetType: 'signup_request',
    targetId: row.id,
    details: { username: row.username },
    meta: input.meta,
  })
  return describeRequest(auth, row)
}
