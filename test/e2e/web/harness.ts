// Browser test harness: a real Signalbox server (temp data dir, workers on) serving a fresh web build, and
// headless Debian chromium through playwright-core with a fresh profile. Console errors fail the test.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { loadConfig } from '../../../src/config.js'
import { startServer, type RunningServer } from '../../../src/server.js'
import { silentLog } from '../../helpers/database.js'

const repositoryRoot = path.resolve(import.meta.dirname, '../../..')
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Browser tests run where a Chromium is installed (CI installs Debian's); elsewhere they skip, saying how to run them. */
export const browserAvailable = fs.existsSync(chromiumPath)
if (!browserAvailable) {
  console.log(`web browser tests skipped: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`)
}
export const screenshotDir = path.join(repositoryRoot, 'test-results')

/** Builds web/dist when it is missing or older than web/src (the same check `npm start` makes). */
export function ensureWebBuild() {
  const result = spawnSync(process.execPath, [path.join(repositoryRoot, 'scripts/ensure-web-build.mjs')], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`web build failed: ${result.stderr}`)
}

export type WebHarness = {
  server: RunningServer
  dataDir: string
  localToken: string
  browser: Browser
  /** Errors printed to the browser console or thrown in the page, since the last check. */
  consoleErrors: string[]
  api: <T = any>(method: string, apiPath: string, body?: unknown) => Promise<T>
  /** A page in its own browser context: no cookies or storage shared with other tests. */
  newPage: (viewport?: { width: number; height: number }) => Promise<Page>
  close: () => Promise<void>
}

export async function startWebHarness(): Promise<WebHarness> {
  ensureWebBuild()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signalbox-web-e2e-'))
  const config = loadConfig({ SIGNALBOX_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', SIGNALBOX_FIRST_USER_ADMIN: 'true' })
  const server = await startServer(config, silentLog)
  const localToken = fs.readFileSync(path.join(dataDir, 'local-token'), 'utf8').trim()
  // launch() gives chromium a fresh temporary profile (user-data-dir) that Playwright deletes on close.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  })
  const consoleErrors: string[] = []
  const api = async <T>(method: string, apiPath: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.url}${apiPath}`, {
      method,
      headers: { authorization: `Bearer ${localToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`${method} ${apiPath}: ${response.status} ${text}`)
    return (text ? JSON.parse(text) : null) as T
  }
  return {
    server,
    dataDir,
    localToken,
    browser,
    consoleErrors,
    api,
    async newPage(viewport = { width: 1280, height: 800 }) {
      const context = await browser.newContext({ viewport })
      const page = await context.newPage()
      page.on('close', () => void context.close().catch(() => undefined))
      page.on('console', (message) => {
        // "Failed to load resource" names no URL in its text: the location says which request failed.
        if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`)
      })
      page.on('pageerror', (error) => consoleErrors.push(String(error)))
      return page
    },
    async close() {
      await browser.close().catch(() => undefined)
      await server.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(screenshotDir, { recursive: true })
  await page.screenshot({ path: path.join(screenshotDir, `web-${name}.png`), fullPage: true })
}

export const testUser = { username: 'ada', password: 'correct horse battery staple' }

/** Signs in through the login page with the test user's username and password (a cookie session). */
export async function signIn(page: Page, harness: WebHarness, options: { stayOnPage?: boolean } = {}) {
  if (!options.stayOnPage) await page.goto(`${harness.server.url}/`)
  await page.getByLabel('Username').fill(testUser.username)
  await page.getByLabel('Password').fill(testUser.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.getByRole('button', { name: 'Sign out' }).waitFor() // visible at every width (the nav folds on phones)
}

/** Signs in through the login page with an API token (the local token the server wrote to its data dir). */
export async function signInWithToken(page: Page, harness: WebHarness, options: { stayOnPage?: boolean } = {}) {
  if (!options.stayOnPage) await page.goto(`${harness.server.url}/`)
  await page.getByRole('heading', { name: 'Sign in to Signalbox' }).waitFor()
  const tokenLink = page.getByRole('button', { name: 'Sign in with an API token' })
  if (await tokenLink.isVisible().catch(() => false)) await tokenLink.click()
  await page.getByLabel('API token').fill(harness.localToken)
  await page.getByRole('button', { name: 'Use token' }).click()
  await page.getByRole('button', { name: 'Sign out' }).waitFor() // visible at every width (the nav folds on phones)
}
