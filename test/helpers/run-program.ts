/** Running another program (the AWS CLI, a shell) from a test that also hosts the sandbox. */
import { spawn } from 'node:child_process'

/**
 * Run a program and collect its output without blocking: the sandbox answers from this same
 * process, so a spawnSync would wait forever for replies that cannot be sent.
 */
export function runProgram(command: string, args: string[], env: Record<string, string | undefined>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}
