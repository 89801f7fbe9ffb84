// The manifest that lets `signalbox <command>` load one file must list exactly what the modules register.
import { describe, expect, it } from 'vitest'
import { Command } from 'commander'
import { commandManifest, registerCommandsFor } from './command-manifest.js'
import { registerServerCommands } from './server-commands.js'
import { allModules } from '../modules/all.js'

describe('command manifest', () => {
  it('lists every top-level command the modules register, with its description, and nothing else', () => {
    const program = new Command('signalbox')
    registerServerCommands(program)
    for (const module of allModules) module.commands?.(program)
    const registered = new Map(program.commands.map((c) => [c.name(), c.description()]))
    const listed = commandManifest.flatMap((e) => e.commands)
    expect(listed.map(([name]) => name).sort(), 'add new commands to src/cli/command-manifest.ts').toEqual([...registered.keys()].sort())
    for (const [name, description] of listed) expect(registered.get(name)?.startsWith(description), name).toBe(true)
  })

  it('each entry registers its own commands when loaded alone', async () => {
    for (const entry of commandManifest) {
      const program = new Command('signalbox')
      ;(await entry.load())(program)
      expect(program.commands.map((c) => c.name())).toEqual(entry.commands.map(([name]) => name))
    }
  })

  it('--help registers names and descriptions only; a command registers its file', async () => {
    const help = new Command('signalbox')
    await registerCommandsFor(help, ['node', 'signalbox', '--help'])
    expect(help.commands.map((c) => c.name())).toContain('search')
    const search = new Command('signalbox')
    await registerCommandsFor(search, ['node', 'signalbox', 'search', 'x', '--source', 'slack'])
    expect(search.commands.map((c) => c.name())).toEqual(['search'])
    expect(search.commands[0].options.map((o) => o.long)).toContain('--source')
  })
})
