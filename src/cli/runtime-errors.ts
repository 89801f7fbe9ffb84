// CLI errors: one line for the user, and server validation errors re-worded in terms of the command's flags.
import { AppError } from '../lib/errors.js'

export class CliError extends Error {}

export type FieldProblem = { path: string; message: string }

/** An error answer of the server's API, keeping its field paths so a command can name its own flags instead. */
export class ServerError extends CliError {
  constructor(
    readonly summary: string,
    readonly fieldProblems: FieldProblem[],
    details: string,
  ) {
    super(`${summary}${details}`)
  }
}

/**
 * Rewrites a service or server validation error in terms of the command's flags: `querystring.sourceId` or `source`
 * becomes `--source`. `flags` maps field names (the last part of a path) to flags; other errors pass unchanged.
 */
export function errorNamingFlags(error: unknown, flags: Record<string, string>): unknown {
  const problems: FieldProblem[] | null =
    error instanceof ServerError
      ? error.fieldProblems
      : error instanceof AppError && Array.isArray(error.details)
        ? (error.details as FieldProblem[])
        : null
  if (!problems || problems.length === 0) return error
  const summary = error instanceof ServerError ? error.summary : (error as AppError).message
  const lines = problems.map((p) => {
    const field = String(p.path).split('.').pop() ?? ''
    return `${flags[field] ?? p.path}: ${p.message}`
  })
  return new CliError(`${summary}\n  ${lines.join('\n  ')}`)
}
