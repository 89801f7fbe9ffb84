// `signalbox local-task` runs the local analyser from the command line, offline and without a database.
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const cli = resolve(import.meta.dirname, '../../../bin/signalbox.js')

function signalbox(args: string[], stdin: string) {
  const child = run(process.execPath, [cli, ...args], { env: { ...process.env, SIGNALBOX_DATA_DIR: '/nonexistent-signalbox-dir' } })
  child.child.stdin!.end(stdin)
  return child
}

describe('signalbox local-task', () => {
  it('extracts a task from plain-text lines, keeping authors and source ids', async () => {
    const { stdout } = await signalbox(['local-task', 'task_extraction'], 'anna: @boris can you please send the invoice by Friday?\ncarl: lol\n')
    const output = JSON.parse(stdout) as { tasks: Array<{ title: string; source_message_ids: string[]; assignee: string }> }
    expect(output.tasks).toEqual([expect.objectContaining({ title: 'Send the invoice by Friday', source_message_ids: ['m1'], assignee: 'boris' })])
  })

  it('rejects JSON input that does not fit the task, naming the field', async () => {
    await expect(signalbox(['local-task', 'summarisation'], '{"messages":[{"id":1}]}')).rejects.toMatchObject({
      stderr: expect.stringContaining('messages[0].id'),
    })
  })
})
