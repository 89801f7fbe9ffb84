// Runs the real CLI (bin/signalbox.js) as a child process on a given data dir, with no server URL inherited.
import { spawn } from 'node:child_process'

export type CliRun = { code: number | null; stdout: string; stderr: string }

export function runSignalbox(dataDir: string, args: string[]): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, SIGNALBOX_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }
  delete env.DATABASE_URL
  delete env.SIGNALBOX_URL
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/signalbox.js', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
