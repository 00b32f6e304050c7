/**
 * `bedrock-xacct sandbox` as a real process (needs `npm run build` first): the
 * export lines work with the SDK's default credential chain, no secret is printed, Ctrl-C exits 130
 * and removes the credential files. Accounts: A = 111111111111, B = 222222222222.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { defaultWorld } from '../../src/sandbox/worlds/default-world.js'

const BIN = new URL('../../bin/bedrock-xacct.js', import.meta.url).pathname

describe('bedrock-xacct sandbox (process)', () => {
  it('serves the default world through the printed profiles and stops on Ctrl-C with 130', async () => {
    const child = spawn(process.execPath, [BIN, 'sandbox'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString()
        if (stdout.includes('AWS_PROFILE=')) resolve()
      })
      child.on('exit', (code) => reject(new Error(`sandbox exited early with ${code}: ${stderr}`)))
    })
    const exports = Object.fromEntries([...stdout.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]))
    expect(Object.keys(exports)).toEqual(['AWS_ENDPOINT_URL', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'AWS_REGION', 'AWS_PROFILE'])
    Object.assign(process.env, exports)
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete process.env[name]
    const identity = await new STSClient({}).send(new GetCallerIdentityCommand({}))
    expect(identity.Arn).toBe('arn:aws:iam::111111111111:user/app-caller')

    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(existsSync(exports.AWS_SHARED_CREDENTIALS_FILE!)).toBe(false)
    const printed = stdout + stderr
    for (const account of defaultWorld().accounts) for (const user of account.users) for (const key of user.accessKeys) expect(printed).not.toContain(key.secretAccessKey)
  })
})
