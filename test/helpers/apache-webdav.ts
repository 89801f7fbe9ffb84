// A throwaway Apache httpd with mod_dav as a real WebDAV server for tests: its own config, Basic-auth user and
// DAV folder in a temp dir, listening on 127.0.0.1 on a free port (not the system service). Files are put in place
// by writing into the folder, as a sync client on the server would; Apache answers PROPFIND with their ETags.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export const apacheBinary = process.env.SIGNALBOX_TEST_APACHE ?? '/usr/sbin/apache2'
const modules = process.env.SIGNALBOX_TEST_APACHE_MODULES ?? '/usr/lib/apache2/modules'
export const apacheAvailable = fs.existsSync(apacheBinary) && fs.existsSync(path.join(modules, 'mod_dav_fs.so'))
export const apacheSkipReason = `Apache with mod_dav not found at ${apacheBinary}: WebDAV tests skipped (install it with apt-get install apache2)`

export type TestWebdav = {
  url: string
  user: string
  password: string
  /** Writes a file under the DAV folder (path '/'-separated, folders made as needed). */
  put(relativePath: string, bytes: Buffer | string): void
  remove(relativePath: string): void
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

export async function startWebdav(): Promise<TestWebdav> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-webdav-'))
  const davFolder = path.join(root, 'dav')
  fs.mkdirSync(davFolder)
  const port = await freePort()
  const user = 'alice'
  const password = 'correct horse battery'
  // Apache's {SHA} password format: base64 of the SHA-1 digest.
  fs.writeFileSync(path.join(root, 'htpasswd'), `${user}:{SHA}${createHash('sha1').update(password).digest('base64')}\n`)
  // Started as root, Apache serves as an unprivileged user, which must be able to read the DAV folder.
  const asRoot = process.getuid?.() === 0
  if (asRoot) fs.chmodSync(root, 0o755)
  const load = (name: string, file: string) => `LoadModule ${name} ${path.join(modules, file)}`
  fs.writeFileSync(
    path.join(root, 'httpd.conf'),
    [
      `ServerRoot "${root}"`,
      `ServerName 127.0.0.1`,
      `Listen 127.0.0.1:${port}`,
      `PidFile "${root}/httpd.pid"`,
      `ErrorLog "${root}/error.log"`,
      load('mpm_event_module', 'mod_mpm_event.so'),
      load('authn_core_module', 'mod_authn_core.so'),
      load('authz_core_module', 'mod_authz_core.so'),
      load('authn_file_module', 'mod_authn_file.so'),
      load('auth_basic_module', 'mod_auth_basic.so'),
      load('authz_user_module', 'mod_authz_user.so'),
      load('dav_module', 'mod_dav.so'),
      load('dav_fs_module', 'mod_dav_fs.so'),
      asRoot ? 'User nobody\nGroup nogroup' : '',
      `DavLockDB "${root}/DavLock"`,
      `DocumentRoot "${davFolder}"`,
      `<Directory "${davFolder}">`,
      '  Dav On',
      '  AuthType Basic',
      '  AuthName "signalbox test"',
      `  AuthUserFile "${root}/htpasswd"`,
      '  Require valid-user',
      '</Directory>',
    ].join('\n'),
  )
  const child = spawn(apacheBinary, ['-f', path.join(root, 'httpd.conf'), '-DFOREGROUND'], { stdio: 'ignore' })
  const log = () => (fs.existsSync(path.join(root, 'error.log')) ? fs.readFileSync(path.join(root, 'error.log'), 'utf8') : '')
  const until = Date.now() + 15_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`apache2 exited (${child.exitCode}): ${log()}`)
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.end(), resolve(true)))
      socket.on('error', () => resolve(false))
    })
    if (open) break
    if (Date.now() > until) throw new Error(`apache2 did not listen on ${port}: ${log()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    url: `http://127.0.0.1:${port}`,
    user,
    password,
    put(relativePath, bytes) {
      const target = path.join(davFolder, ...relativePath.split('/'))
      fs.mkdirSync(path.dirname(target), { recursive: true })
      fs.writeFileSync(target, bytes)
      if (asRoot) fs.chmodSync(path.dirname(target), 0o755)
    },
    remove(relativePath) {
      fs.rmSync(path.join(davFolder, ...relativePath.split('/')))
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
      }
      fs.rmSync(root, { recursive: true, force: true })
    },
  }
}
