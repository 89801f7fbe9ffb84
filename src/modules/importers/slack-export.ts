// Slack export, as a folder or a .zip: users.json, channels.json (+ groups.json, dms.json, mpims.json when
// present) and one folder per conversation with one JSON file per day. Day files are read one at a time.
import path from 'node:path'
import type { SourceRef } from '../messages/index.js'
import { ImportFileError, type ImportParser } from './import-types.js'
import { openExportArchive, type ExportArchive } from './export-archive.js'
import { mapSlackMessage, type SlackChannel, type SlackUser } from './slack-message.js'
import { refuseOtherEncodings } from './read-text.js'

const dayFilePattern = /^(.+)\/(\d{4}-\d\d-\d\d)\.json$/

async function readJson(archive: ExportArchive, name: string): Promise<unknown> {
  const bytes = await archive.read(name)
  refuseOtherEncodings(bytes, name)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new ImportFileError(name, '-', 'not valid UTF-8')
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new ImportFileError(name, '-', `invalid JSON: ${(error as Error).message}`)
  }
}

function readUsers(list: unknown): Map<string, SlackUser> {
  const users = new Map<string, SlackUser>()
  if (!Array.isArray(list)) return users
  for (const u of list) {
    if (!u || typeof u.id !== 'string') continue
    const name = u.profile?.display_name || u.profile?.real_name || u.real_name || u.name || u.id
    users.set(u.id, { name, username: typeof u.name === 'string' ? u.name : undefined, isBot: Boolean(u.is_bot) })
  }
  return users
}

/** Folder name -> conversation: channels, groups and mpims by name, DMs by id (their folders are named so). */
function readChannels(lists: Array<{ list: unknown; kind: SlackChannel['kind']; byId: boolean }>, users: Map<string, SlackUser>) {
  const byFolder = new Map<string, SlackChannel>()
  const byId = new Map<string, SlackChannel>()
  for (const { list, kind, byId: folderIsId } of lists) {
    if (!Array.isArray(list)) continue
    for (const c of list) {
      if (!c || typeof c.id !== 'string') continue
      const memberNames = Array.isArray(c.members) ? c.members.map((m: string) => users.get(m)?.name ?? m).join(', ') : ''
      const name = typeof c.name === 'string' ? c.name : memberNames || c.id
      const channel: SlackChannel = { id: c.id, name, kind }
      byFolder.set(folderIsId ? c.id : name, channel)
      byId.set(c.id, channel)
    }
  }
  return { byFolder, byId }
}

export const parseSlackExport: ImportParser = async function* (input, progress) {
  const archive = await openExportArchive(input)
  try {
    const has = (name: string) => archive.files.some((f) => f.name === name)
    const prefix = has('users.json') || has('channels.json') ? '' : commonRoot(archive.files.map((f) => f.name))
    const optional = async (name: string) => (has(prefix + name) ? readJson(archive, prefix + name) : undefined)
    if (!has(`${prefix}channels.json`) && !has(`${prefix}users.json`)) {
      throw new ImportFileError(path.basename(input), '-', 'not a Slack export: no users.json or channels.json found')
    }
    const usersList = await optional('users.json')
    const users = readUsers(usersList)
    const { byFolder, byId } = readChannels(
      [
        { list: await optional('channels.json'), kind: 'channel', byId: false },
        { list: await optional('groups.json'), kind: 'group', byId: false },
        { list: await optional('mpims.json'), kind: 'group', byId: false },
        { list: await optional('dms.json'), kind: 'private', byId: true },
      ],
      users,
    )
    const teamId = Array.isArray(usersList) ? usersList.find((u) => typeof u?.team_id === 'string')?.team_id : undefined
    const source: SourceRef = { type: 'slack', name: teamId ? `Slack export ${teamId}` : 'Slack export' }

    const dayFiles = archive.files
      .filter((f) => f.name.startsWith(prefix) && dayFilePattern.test(f.name.slice(prefix.length)))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    progress.bytesTotal = dayFiles.reduce((sum, f) => sum + f.size, 0)

    for (const file of dayFiles) {
      const folder = dayFilePattern.exec(file.name.slice(prefix.length))![1]
      const channel = byFolder.get(folder) ?? { id: folder, name: folder, kind: 'channel' as const }
      let day: unknown
      try {
        day = await readJson(archive, file.name)
      } catch (error) {
        // One broken day file is reported; the other days still import.
        if (!(error instanceof ImportFileError)) throw error
        yield { error: { file: error.file, position: error.position, message: error.reason } }
        progress.bytesRead += file.size
        continue
      }
      progress.bytesRead += file.size
      if (!Array.isArray(day)) {
        yield { error: { file: file.name, position: '(root)', message: 'expected an array of messages' } }
        continue
      }
      for (let i = 0; i < day.length; i++) {
        const mapped = mapSlackMessage(channel, day[i], users, byId)
        if (!mapped) continue
        const position = `[${i}]`
        if ('error' in mapped) {
          yield { error: { file: file.name, position: mapped.field ? `${position}.${mapped.field}` : position, message: mapped.error } }
        } else yield { source, message: mapped.message, position, file: file.name }
      }
    }
  } finally {
    archive.close()
  }
}

/** A zip made by compressing the export folder puts everything under one top folder. */
function commonRoot(names: string[]): string {
  const withUsers = names.find((n) => n.endsWith('/users.json') || n.endsWith('/channels.json'))
  return withUsers ? withUsers.slice(0, withUsers.lastIndexOf('/') + 1) : ''
}
