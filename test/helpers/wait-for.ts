// Polls a probe until it returns a value: for work that background workers finish at their own pace.

/** Resolves with the first value `probe` returns other than undefined; fails after `seconds`, naming `what`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, seconds = 90): Promise<T> {
  const until = Date.now() + seconds * 1000
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
