// A throwaway Dovecot IMAP server for tests and the IMAP benchmark: its own config, passwd-file user and Maildir in
// a temp dir, listening on 127.0.0.1 on a free port. Messages are delivered by writing Maildir files, as an MDA does.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { ImapFlow } from 'imapflow'

export const dovecotBinary = process.env.SIGNALBOX_TEST_DOVECOT ?? '/usr/sbin/dovecot'
export const dovecotAvailable = fs.existsSync(dovecotBinary)
export const dovecotSkipReason = `Dovecot not found at ${dovecotBinary}: IMAP tests skipped (install it with apt-get install dovecot-imapd)`

export type TestDovecot = {
  host: string
  port: number
  user: string
  password: string
  /** Writes a message into a folder's Maildir ("INBOX" or a folder name such as "Sent"); `receivedAt` sets its
   * INTERNALDATE (Dovecot takes it from the file's mtime). */
  deliver(folder: string, bytes: Buffer | string, receivedAt?: Date): void
  /** Changes the user's password. Dovecot checks the passwd-file for changes at most once a second, so this
   * resolves after that second has passed. */
  setPassword(password: string): Promise<void>
  /** Restarts Dovecot without the folder's UID list and indexes, so it renumbers the folder under a new UIDVALIDITY. */
  renumber(folder: string): Promise<void>
  /** Stops Dovecot (open sessions are cut) and starts it again on the same port with the same mail. */
  restart(): Promise<void>
  stop(): Promise<void>
}

/** Processes whose title names this Dovecot instance (Dovecot titles its processes "<instance_name>/<service>"). */
function instanceProcesses(marker: string): number[] {
  if (!fs.existsSync('/proc')) return []
  return fs.readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return []
    try {
      return fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker) ? [Number(entry)] : []
    } catch {
      return []
    }
  })
}

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const until = Date.now() + 15_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}): ${log()}`)
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.end(), resolve(true)))
      socket.on('error', () => resolve(false))
    })
    if (open) return
    if (Date.now() > until) throw new Error(`dovecot did not listen on ${port}: ${log()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

export type DovecotOptions = {
  user?: string
  password?: string
  /** Also accept OAuth2 bearer tokens (XOAUTH2, OAUTHBEARER), checked by POSTing them to this RFC 7662
   * introspection URL, which answers {"active": true, "username": ...} for a valid one. */
  oauth2IntrospectionUrl?: string
}

export async function startDovecot(options: DovecotOptions = {}): Promise<TestDovecot> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-dovecot-'))
  // Dovecot's auth process (its own user) reads the passwd-file, and the mail process (nobody) the Maildir.
  fs.chmodSync(dir, 0o755)
  const user = options.user ?? 'alice'
  let password = options.password ?? 'correct horse battery staple'
  const port = await freePort()
  // Dovecot never runs mail processes as root: as root the mailbox belongs to nobody, otherwise to us.
  const asRoot = process.getuid?.() === 0
  const uid = asRoot ? 65534 : process.getuid!()
  const gid = asRoot ? 65534 : process.getgid!()
  const home = path.join(dir, 'home', user)
  const maildir = path.join(home, 'Maildir')
  for (const sub of ['run', 'state', maildir]) fs.mkdirSync(path.resolve(dir, sub), { recursive: true })
  const passwdFile = path.join(dir, 'passwd')
  // Explicit modes: other code in a test process may have narrowed the umask.
  const writePasswd = () => (fs.writeFileSync(passwdFile, `${user}:{PLAIN}${password}\n`), fs.chmodSync(passwdFile, 0o644))
  writePasswd()
  const oauth2 = options.oauth2IntrospectionUrl
  if (oauth2) {
    fs.writeFileSync(
      path.join(dir, 'oauth2.conf.ext'),
      `introspection_mode = post\nintrospection_url = ${oauth2}\nusername_attribute = username\nactive_attribute = active\nactive_value = true\n`,
    )
    fs.chmodSync(path.join(dir, 'oauth2.conf.ext'), 0o644)
  }
  const oauth2Passdb = oauth2 ? `passdb {\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = ${dir}/oauth2.conf.ext\n}\n` : ''
  const unprivileged = asRoot ? '' : `default_internal_user = ${os.userInfo().username}\ndefault_login_user = ${os.userInfo().username}\n`
  fs.writeFileSync(
    path.join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = signalbox-test-${port}
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login${oauth2 ? ' xoauth2 oauthbearer' : ''}
first_valid_uid = ${Math.min(uid, 1)}
${unprivileged}${oauth2Passdb}passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${passwdFile}
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/home/%u
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  mailbox Sent {
    special_use = \\Sent
    auto = create
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  )
  const chown = (target: string) => {
    if (!asRoot) return
    fs.chownSync(target, uid, gid)
    if (fs.statSync(target).isDirectory()) for (const entry of fs.readdirSync(target)) chown(path.join(target, entry))
  }
  chown(path.join(dir, 'home'))
  let output = ''
  const log = () => output + (fs.existsSync(`${dir}/dovecot.log`) ? fs.readFileSync(`${dir}/dovecot.log`, 'utf8') : '')
  const launch = async () => {
    const started = spawn(dovecotBinary, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] })
    started.stdout!.on('data', (d) => (output += d))
    started.stderr!.on('data', (d) => (output += d))
    await waitForPort(port, started, log)
    return started
  }
  const halt = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    // An imap process serving a session outlives its master: ended too, as a real server restart cuts sessions.
    for (const pid of instanceProcesses(`signalbox-test-${port}/`)) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
  }
  let child = await launch()

  const folderDir = (folder: string) => (folder.toUpperCase() === 'INBOX' ? maildir : path.join(maildir, `.${folder}`))
  let delivered = 0
  return {
    host: '127.0.0.1',
    port,
    user,
    get password() {
      return password
    },
    deliver(folder, bytes, receivedAt) {
      const target = folderDir(folder)
      for (const sub of ['', 'new', 'cur', 'tmp']) {
        const d = path.join(target, sub)
        if (!fs.existsSync(d)) {
          fs.mkdirSync(d, { recursive: true })
          chown(d)
        }
      }
      // Maildir delivery: write under tmp/, then rename into new/ (a reader never sees half a message).
      const name = `${Date.now()}.P${process.pid}Q${++delivered}.signalbox-test`
      const temporary = path.join(target, 'tmp', name)
      fs.writeFileSync(temporary, bytes)
      chown(temporary)
      if (receivedAt) fs.utimesSync(temporary, receivedAt, receivedAt)
      fs.renameSync(temporary, path.join(target, 'new', name))
    },
    async setPassword(next) {
      password = next
      writePasswd()
      await new Promise((resolve) => setTimeout(resolve, 1100))
    },
    async renumber(folder) {
      // Stopped first: a session ending on the server writes its indexes back. dovecot-uidvalidity stays, so the
      // new UIDVALIDITY is always a higher one.
      await halt()
      const target = folderDir(folder)
      const indexes = /^(dovecot-uidlist|dovecot\.index|dovecot\.list\.index)/
      for (const name of fs.readdirSync(target)) if (indexes.test(name)) fs.rmSync(path.join(target, name), { force: true })
      for (const name of fs.readdirSync(maildir))
        if (/^dovecot\.list\.index/.test(name)) fs.rmSync(path.join(maildir, name), { force: true })
      child = await launch()
    },
    async restart() {
      await halt()
      child = await launch()
    },
    async stop() {
      await halt()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  } as TestDovecot
}

/** A second mail client on the test mailbox: what another device does to it while Signalbox follows it. */
export async function connectMailClient(dovecot: TestDovecot): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  })
  client.on('error', () => undefined)
  await client.connect()
  return client
}

/** The settings of an IMAP source that follows the test mailbox's folders. */
export function imapSourceSettings(dovecot: TestDovecot, folders: string[]) {
  return { host: dovecot.host, port: dovecot.port, tls: false, user: dovecot.user, password: dovecot.password, folders }
}
