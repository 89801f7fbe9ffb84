// Hourly housekeeping: expired sessions and 2FA challenges, idle throttle counters, week-old dead signup requests.
import { z } from 'zod'
import { and, isNotNull, lt, or } from 'drizzle-orm'
import type { JobDefinition } from '../../jobs/types.js'
import { pruneExpiredSessions } from './sessions.js'
import { pruneThrottles } from './throttle.js'
import { signupRequests } from './schema.js'

export const pruneIdentityJob: JobDefinition<Record<string, never>> = {
  name: 'identity.prune',
  payload: z.object({}),
  schedule: '17 * * * *',
  async handle({ database, log }) {
    const now = new Date()
    await pruneExpiredSessions({ database }, now)
    await pruneThrottles({ database }, now)
    const weekAgo = new Date(now.getTime() - 7 * 86_400_000)
    await database.db
      .delete(signupRequests)
      .where(or(lt(signupRequests.expiresAt, weekAgo), and(isNotNull(signupRequests.usedAt), lt(signupRequests.usedAt, weekAgo))))
    log.debug('identity: pruned expired sessions, throttles and signup requests')
  },
}
