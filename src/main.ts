// The `signalbox` command: every subcommand is a thin shell over module services (or the server's API).
import { Command } from 'commander'
import { CliError } from './cli/runtime.js'
import { DataDirLockedError } from './lib/data-dir.js'
import { MissingExtensionError } from './db/client.js'
import { AppError } from './lib/errors.js'
import { registerServerCommands } from './cli/server-commands.js'
import { allModules } from './modules/all.js'

const program = new Command('signalbox').description('Turn conversations into searchable knowledge and reviewed work')

registerServerCommands(program)
for (const module of allModules) module.commands?.(program)

try {
  await program.parseAsync(process.argv)
} catch (error) {
  if (error instanceof AppError) {
    // Typed service errors are the user's to fix: one line, with field paths when there are any.
    const details = error.details ? ` ${JSON.stringify(error.details)}` : ''
    console.error(`signalbox: ${error.message}${details}`)
  } else if (error instanceof CliError || error instanceof DataDirLockedError || error instanceof MissingExtensionError) {
    console.error(`signalbox: ${error.message}`)
  } else {
    console.error(`signalbox: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  }
  process.exit(1)
}
