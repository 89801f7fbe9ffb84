// Tests that need a real PostgreSQL server run when SIGNALBOX_TEST_DATABASE_URL names one (CI starts Debian's);
// elsewhere they skip, and say so in one line.

/** The server URL, or undefined after printing how to enable `what`. */
export function testPostgresUrl(what: string): string | undefined {
  const url = process.env.SIGNALBOX_TEST_DATABASE_URL
  if (!url)
    console.log(`${what} skipped: set SIGNALBOX_TEST_DATABASE_URL=postgres://... (bash .ci/start-postgres.sh starts a local server)`)
  return url
}
