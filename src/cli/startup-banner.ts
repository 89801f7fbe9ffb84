// What `signalbox start` prints for a person once the server listens: where the web app is, where the data
// lives, and how to sign in (the JSON logs go on beside it for machines).

export type BannerFacts = {
  url: string
  /** Embedded data dir, or null on a PostgreSQL server. */
  dataDir: string | null
  userCount: number
  firstUserAdmin: boolean
  workersOn: boolean
}

export function startupBanner(facts: BannerFacts): string {
  const signIn =
    facts.userCount > 0
      ? `sign in at ${facts.url}/ with your account (new accounts: npx signalbox user create <username>)`
      : facts.firstUserAdmin
        ? `no users yet: the first person to sign up at ${facts.url}/ becomes the admin`
        : 'no users yet: create the first admin with `npx signalbox user create <username> --admin` ' +
          '(or restart with `npm start -- --first-user-admin` to make the first signup the admin)'
  const lines = [
    'Signalbox is running',
    `  web app   ${facts.url}/`,
    `  API docs  ${facts.url}/api/docs`,
    `  data      ${facts.dataDir ?? 'PostgreSQL server (DATABASE_URL)'}`,
    `  workers   ${facts.workersOn ? 'on (imports are indexed in the background)' : 'off (SIGNALBOX_WORKERS=off)'}`,
    `  sign in   ${signIn}`,
    '  stop      Ctrl-C',
  ]
  return lines.join('\n')
}
