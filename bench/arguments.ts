// Command-line numbers of the benchmarks: `--messages 20000` and the like.

/** The positive integer after `--name`, or `fallback` when the flag is absent. */
export function positiveIntArgument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`)
  if (index === -1) return fallback
  const value = Number(process.argv[index + 1])
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer`)
  return value
}
