// The WebDAV folder connector (seed 002's Nextcloud file store): documents of a remote folder, synced by ETag.
import type { Connector } from '../connector.js'
import { setUpWebdavFolder, syncWebdavFolder, webdavSetupSchema } from './webdav-sync.js'

export const webdavConnector: Connector = {
  id: 'webdav',
  sourceType: 'files',
  title: 'WebDAV folder (Nextcloud, ownCloud, ...)',
  capabilities: { pullSync: true, webhooks: false, send: false },
  setupSchema: webdavSetupSchema,
  setup: setUpWebdavFolder,
  syncIntervalMinutes: 15,
  sync: syncWebdavFolder,
}
