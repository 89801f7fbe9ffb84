// Password hashing (argon2id) and the password policy.
import argon2 from 'argon2'
import { ValidationError } from '../../lib/errors.js'

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): ~50-180 ms per hash on a 2-core box (measured),
// slow enough for an offline attacker, fast enough that a login does not pin the CPU.
const hashOptions = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export const minimumPasswordLength = 10
const maximumPasswordLength = 256

// The most common passwords of at least 10 characters (from public breach top lists); anything here is refused.
const commonPasswords = new Set([
  '1234567890',
  '0987654321',
  '12345678910',
  '1q2w3e4r5t',
  'qwertyuiop',
  'password1',
  'password12',
  'password123',
  'password1234',
  'passw0rd123',
  'iloveyou12',
  'qwerty1234',
  'qwerty12345',
  '1qaz2wsx3edc',
  'abcdefghij',
  'abc1234567',
  'letmein123',
  'welcome123',
  'changeme123',
  'administrator',
  'adminadmin',
  'admin12345',
  'football123',
  'baseball123',
  'trustno1234',
  'superman123',
  'qazwsxedcrfv',
  'zaq12wsxcde',
  '1111111111',
  '0000000000',
  '123123123123',
  'aaaaaaaaaa',
  'princess123',
  'sunshine123',
  'monkey12345',
  'dragon12345',
  'master12345',
  'signalbox123',
  'signalbox1',
  'correcthorsebatterystaple',
])

/** Throws ValidationError (field `password`) when the password breaks the policy. */
export function checkPasswordPolicy(password: string, username: string) {
  const problems: string[] = []
  if (password.length < minimumPasswordLength) problems.push(`must be at least ${minimumPasswordLength} characters`)
  if (password.length > maximumPasswordLength) problems.push(`must be at most ${maximumPasswordLength} characters`)
  const lower = password.toLowerCase()
  if (username && lower.includes(username.toLowerCase())) problems.push('must not contain the username')
  if (commonPasswords.has(lower)) problems.push('is too common')
  if (/^(.)\1+$/.test(password)) problems.push('must not be one repeated character')
  if (problems.length) {
    throw new ValidationError(
      'Password does not meet the policy',
      problems.map((message) => ({ path: 'password', message })),
    )
  }
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, hashOptions)
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

// A real hash of a random string, computed once: verifying against it costs the same as a real check, so
// "no such user" and "wrong password" take the same time.
let dummyHash: Promise<string> | undefined
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}-${Date.now()}`)
  await verifyPassword(await dummyHash, password)
  return false
}
