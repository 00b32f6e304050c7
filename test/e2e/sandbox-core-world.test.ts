/**
 * Custom worlds: users and faults from the world file, keysOf, and a malformed world refused at
 * start-up with a one-line error (no server left behind). Accounts here: 333333333333 only.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { afterAll, describe, expect, it } from 'vitest'
import { XacctError } from '../../src/core/errors.js'
import { startSandbox } from '../../src/sandbox/index.js'
import { loadWorldFile } from '../../src/sandbox/world.js'
import type { WorldFile } from '../../src/sandbox/world-types.js'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js'

const world: WorldFile = {
  accounts: [
    {
      id: '333333333333',
      users: [{ name: 'ci', accessKeys: [{ accessKeyId: 'AKIACUSTOMWORLDCI001', secretAccessKey: 'c'.repeat(40) }], sourceIp: '2001:db8::10' }],
      roles: [],
      models: { '*': ['amazon.nova-lite-v1:0'] }
    }
  ],
  faults: [{ service: 'sts', operation: 'GetCallerIdentity', kind: 'throttle', count: 1 }]
}

let sandbox: TestSandbox | undefined
afterAll(async () => {
  await sandbox?.stop()
})

describe('a custom world', () => {
  it('serves its users, applies its faults, and has no default principals', async () => {
    sandbox = await startTestSandbox({ world })
    const keys = sandbox.keysOf('333333333333', 'ci')
    expect(keys).toEqual({ accessKeyId: 'AKIACUSTOMWORLDCI001', secretAccessKey: 'c'.repeat(40), arn: 'arn:aws:iam::333333333333:user/ci' })
    const identity = await sandbox.sts(keys).send(new GetCallerIdentityCommand({}))
    expect(identity.Arn).toBe('arn:aws:iam::333333333333:user/ci')
    expect(sandbox.calls.map((c) => c.errorCode ?? c.status)).toEqual(['Throttling', 200])
    expect(sandbox.principals.sourceCaller.accessKeyId).toBe('')
    expect(() => sandbox!.keysOf('333333333333', 'nobody')).toThrow(/no user nobody/)
    expect(sandbox.mintedSecrets()).toContain('c'.repeat(40))
  })

  it('refuses a malformed world in one line, listening on nothing', async () => {
    const bad = { accounts: [{ id: '333333333333', users: [{ name: 'ci', accessKeys: [], sourceIp: 'not-an-ip' }], roles: [], models: {} }] } as unknown as WorldFile
    const error = await startSandbox({ world: bad }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(XacctError)
    expect((error as Error).message).toBe('world accounts[0].users[0].sourceIp "not-an-ip" is invalid: expected an IPv4 or IPv6 address.')
  })
})

describe('the documented example world (test/fixtures/sandbox-world.example.json)', () => {
  it('lets its gateway user assume its role with the ExternalId, and not without', async () => {
    const example = await startTestSandbox({ world: await loadWorldFile(new URL('../fixtures/sandbox-world.example.json', import.meta.url).pathname) })
    try {
      const gateway = example.sts(example.keysOf('111111111111', 'gateway'), { maxAttempts: 1 })
      const RoleArn = 'arn:aws:iam::222222222222:role/BedrockAccessRole'
      const allowed = await gateway.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'example', ExternalId: 'example-external-id' }))
      expect(allowed.AssumedRoleUser?.Arn).toBe('arn:aws:sts::222222222222:assumed-role/BedrockAccessRole/example')
      await expect(gateway.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'example' }))).rejects.toMatchObject({ name: 'AccessDenied' })
    } finally {
      await example.stop()
    }
  })
})
