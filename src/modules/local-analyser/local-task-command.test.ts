// `signalbox local-task` runs the local analyser from the command line, offline and without a database.
// In-process through commander (spawning the CLI loads every module and costs ~5-25 s on a busy machine).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { registerLocalTaskCommand, runLocalTaskFromText } from './local-task-command.js'

describe('signalbox local-task', () => {
  afterEach(() => vi.restoreAllMocks())

  it('extracts a task from a plain-text file, keeping authors and source ids', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'local-task-')), 'chat.txt')
    writeFileSync(file, 'anna: @boris can you please send the invoice by Friday?\ncarl: lol\n')
    const written: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true))
    const program = new Command().exitOverride()
    registerLocalTaskCommand(program)
    await program.parseAsync(['node', 'signalbox', 'local-task', 'task_extraction', file])
    const output = JSON.parse(written.join('')) as { tasks: Array<{ title: string; source_message_ids: string[]; assignee: string }> }
    expect(output.tasks).toEqual([
      expect.objectContaining({ title: 'Send the invoice by Friday', source_message_ids: ['m1'], assignee: 'boris' }),
    ])
  })

  it('rejects JSON input that does not fit the task, naming the field, and unknown task names', async () => {
    await expect(runLocalTaskFromText('summarisation', '{"messages":[{"id":1}]}')).rejects.toThrow(/messages\[0\]\.id/)
    await expect(runLocalTaskFromText('translate', 'hello')).rejects.toThrow(/task: expected one of/)
  })

  it('turns plain-text passages and --question into a cited answer', async () => {
    const output = (await runLocalTaskFromText(
      'answer_with_citations',
      'Backups run nightly at 02:00.\nThe VPN uses WireGuard.',
      'When do backups run?',
    )) as {
      citations: Array<{ passage_id: string }>
    }
    expect(output.citations.map((c) => c.passage_id)).toEqual(['p1'])
  })
})
