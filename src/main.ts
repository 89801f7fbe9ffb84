// The `signalbox` command: every subcommand is a thin shell over module services (or the server's API).
// Only the file of the command being run is imported (src/cli/command-manifest.ts): start-up stays fast.
import { Command } from 'commander'
import { CliError } from './cli/runtime-errors.js'
import { DataDirLockedError } from './lib/data-dir.js'
import { AppError } from './lib/errors.js'
import { registerCommandsFor } from './cli/command-manifest.js'

const program = new Command('signalbox').description('Turn conversations into searchable knowledge and reviewed work')

try {
  await registerCommandsFor(program, process.argv)
  await program.parseAsync(process.argv)
} catch (error) {
  if (error instanceof AppError) {
    // Typed service errors are the user's to fix: one line, with field paths when there are any.
    const details = error.details ? ` ${JSON.stringify(error.details)}` : ''
    console.error(`signalbox: ${error.message}${details}`)
  } else if (error instanceof CliError || error instanceof DataDirLockedError || (error as Error)?.name === 'MissingExtensionError') {
    console.error(`signalbox: ${(error as Error).message}`)
  } else {
    console.error(`signalbox: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  }
  process.exit(1)
}
