import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { acquireDataDirLock, DataDirLockedError, readLiveLock, resolveSecretKey } from './data-dir.js'
import { loadConfig } from '../config.js'

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-datadir-'))

describe('data dir', () => {
  it('lets one process hold the lock and names the holder to others', () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'signalbox.lock'), JSON.stringify({ pid: process.ppid, url: 'http://127.0.0.1:1', startedAt: '' }))
    expect(() => acquireDataDirLock(dir, 'x')).toThrow(DataDirLockedError)
    expect(readLiveLock(dir)?.url).toBe('http://127.0.0.1:1')
  })

  it('ignores a stale lock left by a dead process and releases its own', () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'signalbox.lock'), JSON.stringify({ pid: 2 ** 22 + 7, url: 'x', startedAt: '' }))
    const release = acquireDataDirLock(dir, 'http://127.0.0.1:2')
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'signalbox.lock'), 'utf8')).pid).toBe(process.pid)
    release()
    expect(fs.existsSync(path.join(dir, 'signalbox.lock'))).toBe(false)
  })

  it('generates the master key once into the data dir when SIGNALBOX_SECRET_KEY is absent', () => {
    const dir = tempDir()
    const config = loadConfig({ SIGNALBOX_DATA_DIR: dir })
    const first = resolveSecretKey(config)
    const second = resolveSecretKey(config)
    expect(first.length).toBe(32)
    expect(second.equals(first)).toBe(true)
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600)
  })
})
