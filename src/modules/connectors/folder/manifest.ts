// The watched local folder connector: a folder on the server's disk rescanned every few minutes (new, changed and
// deleted documents). Reading the server's disk is an instance administrator's decision, so only they connect one.
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { ForbiddenError, ValidationError } from '../../../lib/errors.js'
import { isInstanceAdmin } from '../../../lib/context.js'
import { syncFolder } from '../../documents/index.js'
import type { Connector } from '../connector.js'

const folderSetupSchema = z.object({ path: z.string().trim().min(1).max(4096) })

export const folderConnector: Connector = {
  id: 'folder',
  sourceType: 'files',
  title: 'Watched folder on the server',
  capabilities: { pullSync: true, webhooks: false, send: false },
  setupSchema: folderSetupSchema,
  async setup(ctx, input) {
    if (!isInstanceAdmin(ctx.actor)) throw new ForbiddenError('Only an instance administrator can watch a folder of the server')
    const folder = path.resolve((input as z.infer<typeof folderSetupSchema>).path)
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
      throw new ValidationError(`${folder} is not a folder on the server`, [{ path: 'settings.path', message: 'not a folder' }])
    }
    return { name: folder.slice(0, 255), config: { path: folder }, secrets: {}, notices: [] }
  },
  syncIntervalMinutes: 5,
  async sync(ctx, source) {
    const counts = await syncFolder(ctx, { folder: String(source.config.path), removeMissing: true })
    return {
      fetched: counts.created + counts.updated + counts.failed,
      stored: counts.created + counts.updated,
      skipped: counts.unchanged,
      errors: counts.failed + counts.errors.length,
    }
  },
}
