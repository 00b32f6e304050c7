import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { XacctError } from '../core/errors.js'
import type { WorldFile } from './world-types.js'
import { loadWorldFile, parseWorld, validateWorld } from './world.js'
import { worldJsonSchema } from './world-schema.js'
import { ACCOUNT_A, ACCOUNT_B, defaultWorld } from './worlds/default-world.js'

/** Fixture accounts: A = 111111111111 (source), B = 222222222222 (target); the default world. */
const mutate = (change: (world: WorldFile) => void): WorldFile => {
  const world = structuredClone(defaultWorld())
  change(world)
  return world
}

describe('world validation', () => {
  it('accepts the default world', () => {
    const world = validateWorld(defaultWorld())
    expect(world.accounts.map((a) => a.id)).toEqual([ACCOUNT_A, ACCOUNT_B])
  })

  it.each([
    ['a bad source IP', (w: WorldFile) => (w.accounts[0]!.users[0]!.sourceIp = '203.0.113.999'), 'world accounts[0].users[0].sourceIp "203.0.113.999" is invalid: expected an IPv4 or IPv6 address.'],
    ['an 11-digit account id', (w: WorldFile) => (w.accounts[1]!.id = '22222222222'), 'world accounts[1].id "22222222222" is invalid: expected a 12-digit AWS account id.'],
    [
      'a malformed access key id',
      (w: WorldFile) => (w.accounts[0]!.users[0]!.accessKeys[0]!.accessKeyId = 'ASIA123'),
      'world accounts[0].users[0].accessKeys[0].accessKeyId "ASIA123" is invalid: expected an access key id of AKIA and 16 upper-case letters or digits.'
    ],
    [
      'a duplicate access key id',
      (w: WorldFile) => (w.accounts[1]!.users[0]!.accessKeys[0]!.accessKeyId = w.accounts[0]!.users[0]!.accessKeys[0]!.accessKeyId),
      'world accounts[1].users[0].accessKeys[0].accessKeyId "AKIASANDBOXACALLER01" is invalid: expected an access key id not used elsewhere in the world.'
    ],
    ['a missing users list', (w: WorldFile) => delete (w.accounts[0] as Partial<WorldFile['accounts'][0]>).users, 'world accounts[0].users "(missing)" is invalid: expected array, received undefined.'],
    [
      'an unknown managed policy',
      (w: WorldFile) => (w.accounts[0]!.users[1]!.attachedPolicies = ['arn:aws:iam::aws:policy/PowerUserAccess']),
      'world accounts[0].users[1].attachedPolicies[0] "arn:aws:iam::aws:policy/PowerUserAccess" is invalid: expected a policy defined in accounts[0].policies or one of arn:aws:iam::aws:policy/{AdministratorAccess,ReadOnlyAccess}.'
    ],
    [
      'a statement with a bad Effect',
      (w: WorldFile) => (w.accounts[0]!.users[0]!.inlinePolicies = [{ name: 'p', document: { Statement: [{ Effect: 'Maybe' as 'Allow', Action: '*', Resource: '*' }] } }]),
      /^world accounts\[0\]\.users\[0\]\.inlinePolicies\[0\]\.document\.Statement /
    ],
    [
      'a role MaxSessionDuration over 12 h',
      (w: WorldFile) => w.accounts[1]!.roles.push({ name: 'R', trustPolicy: { Statement: [] }, maxSessionDurationSeconds: 50000 }),
      'world accounts[1].roles[0].maxSessionDurationSeconds "50000" is invalid: expected at most 43200 seconds.'
    ]
  ])('rejects %s in one line naming the path', (_label, change, message) => {
    let error: unknown
    try {
      validateWorld(mutate(change))
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(XacctError)
    const text = (error as XacctError).message
    expect(text).not.toContain('\n')
    if (typeof message === 'string') expect(text).toBe(message)
    else expect(text).toMatch(message)
    expect((error as XacctError).exitCode).toBe(2)
  })

  it('accepts the documented example world (test/fixtures/sandbox-world.example.json)', async () => {
    const world = await loadWorldFile(new URL('../../test/fixtures/sandbox-world.example.json', import.meta.url).pathname)
    expect(world.accounts[1]?.roles[0]?.name).toBe('BedrockAccessRole')
  })

  it('rejects text that is not JSON in one line', () => {
    expect(() => parseWorld('{"accounts": [', 'my-world.json')).toThrow(/^my-world\.json is not valid JSON: [^\n]+\.$/)
  })
})

describe('schema/sandbox-world.schema.json', () => {
  it('is generated from the zod schema (UPDATE_SCHEMA=1 rewrites it)', () => {
    const path = new URL('../../schema/sandbox-world.schema.json', import.meta.url)
    const expected = `${JSON.stringify(worldJsonSchema(), null, 2)}\n`
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(path, expected)
    expect(readFileSync(path, 'utf8')).toBe(expected)
  })
})
