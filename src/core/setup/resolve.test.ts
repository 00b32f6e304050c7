/**
 * Setup resolution, table-driven. Fixture accounts: A = 111111111111 (source, where the caller
 * runs), B = 222222222222 (target, where the role and Bedrock live).
 */
import { describe, expect, it, vi } from 'vitest'
import { XacctError } from '../errors.js'
import { CHECKS, envLayer, flagsLayer, mergeAll, parseConfigText, resolveAll, validateGiven } from './index.js'
import type { SetupFlags } from './index.js'

const A = '111111111111'
const B = '222222222222'
const base: SetupFlags = { sourceAccount: A, targetAccount: B, region: 'us-east-1', models: ['anthropic.claude-3-5-haiku-20241022-v1:0'] }
const context = { generateId: () => 'generated-id-0001' }

function resolve(flags: SetupFlags, env: Record<string, string> = {}, configText?: string) {
  const config = configText === undefined ? [] : parseConfigText(configText, 'bedrock-xacct.json')
  return resolveAll(mergeAll({ flags: flagsLayer(flags), env: envLayer(env), config }), context)
}

function errorOf(run: () => unknown): XacctError {
  try {
    run()
  } catch (error) {
    if (error instanceof XacctError) return error
    throw error
  }
  throw new Error('expected an error')
}

describe('resolveSetup: valid input', () => {
  it('fills defaults', () => {
    const [setup] = resolve(base)
    expect(setup).toMatchObject({
      partition: 'aws',
      sourceAccountId: A,
      targetAccountId: B,
      callers: [{ kind: 'account' }],
      rolePath: '/',
      maxSessionDurationSeconds: 3600,
      sessionDurationSeconds: 900,
      sourceIpCidrs: [],
      marketplace: false,
      streaming: true,
      cloudTrailLookup: false,
      externalId: undefined
    })
    expect(setup!.name).toBe(`${B}-${setup!.roleName}`)
  })

  it('generates an ExternalId from the injected source', () => {
    expect(resolve({ ...base, externalId: 'generate' })[0]!.externalId).toBe('generated-id-0001')
  })

  it('derives the source account from a role ARN caller', () => {
    const [setup] = resolve({ ...base, sourceAccount: undefined, caller: `arn:aws:iam::${A}:role/proxy` })
    expect(setup).toMatchObject({ sourceAccountId: A, callers: [{ kind: 'role', arn: `arn:aws:iam::${A}:role/proxy` }] })
  })

  it('builds an OIDC caller with the GitHub audience default', () => {
    const [setup] = resolve({ ...base, caller: 'oidc:token.actions.githubusercontent.com', oidcSubject: ['repo:org/repo:*'] })
    expect(setup!.callers[0]).toEqual({
      kind: 'oidc',
      providerArn: `arn:aws:iam::${B}:oidc-provider/token.actions.githubusercontent.com`,
      providerHost: 'token.actions.githubusercontent.com',
      audiences: ['sts.amazonaws.com'],
      subjects: ['repo:org/repo:*']
    })
  })

  const GH = 'oidc:token.actions.githubusercontent.com'
  it.each([
    { name: 'repeated flags, deduplicated', flags: { oidcGroup: ['team-ai-*', 'admins', 'admins'] }, groups: ['team-ai-*', 'admins'] },
    { name: 'an LDAP-style name keeps its commas', flags: { oidcGroup: ['cn=ai,ou=teams,dc=example'] }, groups: ['cn=ai,ou=teams,dc=example'] },
    { name: 'config caller.groups', flags: {}, config: { caller: { kind: 'oidc', providerHost: 'token.actions.githubusercontent.com', subjects: ['repo:o/r:*'], groups: ['admins'] } }, groups: ['admins'] },
    { name: 'flag over config', flags: { oidcGroup: ['ops'] }, config: { caller: { kind: 'oidc', providerHost: 'token.actions.githubusercontent.com', subjects: ['repo:o/r:*'], groups: ['admins'] } }, groups: ['ops'] },
    { name: 'none: no groups field', flags: {}, groups: undefined }
  ])('OIDC groups: $name', ({ flags, config, groups }) => {
    const oidc = config === undefined ? { caller: GH, oidcSubject: ['repo:o/r:*'] } : {}
    const [setup] = resolve({ ...base, ...oidc, ...flags }, {}, config === undefined ? undefined : JSON.stringify(config))
    expect(setup!.callers[0]!.kind).toBe('oidc')
    expect((setup!.callers[0] as { groups?: string[] }).groups).toEqual(groups)
  })

  it('accepts service principals, CIDRs (bare IPs become /32) and IPv6', () => {
    const [setup] = resolve({ ...base, caller: 'service:sagemaker.amazonaws.com', sourceIp: ['203.0.113.0/24,198.51.100.7', '2001:db8::/32'] })
    expect(setup!.callers[0]).toEqual({ kind: 'service', services: ['sagemaker.amazonaws.com'] })
    expect(setup!.sourceIpCidrs).toEqual(['203.0.113.0/24', '198.51.100.7/32', '2001:db8::/32'])
  })

  it('splits comma-separated, repeated models and keeps profiles', () => {
    const [setup] = resolve({ ...base, models: ['amazon.nova-lite-v1:0,us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'amazon.nova-lite-v1:0'] })
    expect(setup!.models).toEqual(['amazon.nova-lite-v1:0', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0'])
  })
})

describe('precedence: flags > environment > config file > defaults', () => {
  const config = JSON.stringify({ sourceAccountId: A, targetAccountId: '333333333333', region: 'eu-west-1', models: ['amazon.nova-lite-v1:0'], maxSessionDurationSeconds: 7200 })
  const cases: { name: string; flags: SetupFlags; env: Record<string, string>; expected: Record<string, unknown> }[] = [
    { name: 'config alone', flags: {}, env: {}, expected: { region: 'eu-west-1', targetAccountId: '333333333333', maxSessionDurationSeconds: 7200 } },
    { name: 'env over config', flags: {}, env: { AWS_REGION: 'us-west-2' }, expected: { region: 'us-west-2' } },
    { name: 'BEDROCK_REGION over AWS_REGION', flags: {}, env: { AWS_REGION: 'us-west-2', BEDROCK_REGION: 'eu-central-1' }, expected: { region: 'eu-central-1' } },
    { name: 'flag over env', flags: { region: 'ap-northeast-1' }, env: { BEDROCK_REGION: 'eu-central-1' }, expected: { region: 'ap-northeast-1' } },
    {
      name: 'role ARN from env over config',
      flags: {},
      env: { BEDROCK_CROSS_ACCOUNT_ROLE_ARN: `arn:aws:iam::${B}:role/team/Access` },
      expected: { targetAccountId: B, roleName: 'Access', rolePath: '/team/' }
    },
    { name: 'flag over env role ARN', flags: { targetAccount: '444444444444' }, env: { BEDROCK_CROSS_ACCOUNT_ROLE_ARN: `arn:aws:iam::${B}:role/Access` }, expected: { targetAccountId: '444444444444', roleName: 'Access' } },
    { name: 'duration flag over config', flags: { maxSessionDuration: '3600' }, env: {}, expected: { maxSessionDurationSeconds: 3600 } }
  ]
  it.each(cases)('$name', ({ flags, env, expected }) => {
    expect(resolve(flags, env, config)[0]).toMatchObject(expected)
  })
})

describe('invalid input → one error naming field, value and expectation (exit 2)', () => {
  const cases: { name: string; flags?: SetupFlags; env?: Record<string, string>; config?: unknown; field: string; match: RegExp }[] = [
    { name: 'account id too short', flags: { sourceAccount: '12345' }, field: '--source-account', match: /12-digit/ },
    { name: 'account id too long', flags: { targetAccount: '2222222222223' }, field: '--target-account', match: /12-digit/ },
    { name: 'account id non-numeric', flags: { targetAccount: '22222222222x' }, field: '--target-account', match: /12-digit/ },
    { name: 'user ARN as role ARN', flags: { roleArn: `arn:aws:iam::${B}:user/bob` }, field: '--role-arn', match: /user ARN/ },
    { name: 'user ARN in env role ARN', env: { BEDROCK_CROSS_ACCOUNT_ROLE_ARN: `arn:aws:iam::${B}:user/bob` }, field: 'BEDROCK_CROSS_ACCOUNT_ROLE_ARN', match: /user ARN/ },
    { name: 'role ARN in another partition', flags: { roleArn: `arn:aws-cn:iam::${B}:role/x`, targetAccount: undefined }, field: '--role-arn', match: /aws partition/ },
    { name: 'caller in another account', flags: { caller: `arn:aws:iam::333333333333:role/x` }, field: '--caller', match: /source account/ },
    { name: 'caller garbage', flags: { caller: 'bob' }, field: '--caller', match: /role ARN/ },
    { name: 'session ARN as caller', flags: { caller: `arn:aws:sts::${A}:assumed-role/proxy/s1` }, field: '--caller', match: /session ARN/ },
    { name: 'ExternalId with spaces', flags: { externalId: 'my external id' }, field: '--external-id', match: /no spaces/ },
    { name: 'ExternalId too long', flags: { externalId: 'x'.repeat(1225) }, field: '--external-id', match: /1224/ },
    { name: 'ExternalId too short', flags: { externalId: 'x' }, field: '--external-id', match: /has 1 character: fewer than 8 cannot be redacted/ },
    { name: 'ExternalId unicode', flags: { externalId: 'clé-secrète' }, field: '--external-id', match: /the character "é" at position 3; expected 8–1224/ },
    { name: 'CIDR prefix 33', flags: { sourceIp: ['1.2.3.4/33'] }, field: '--source-ip', match: /CIDR/ },
    { name: 'CIDR wildcard', flags: { sourceIp: ['*'] }, field: '--source-ip', match: /wildcard/ },
    { name: 'CIDR 0.0.0.0/0', flags: { sourceIp: ['0.0.0.0/0'] }, field: '--source-ip', match: /\/0/ },
    { name: 'CIDR ::/0', flags: { sourceIp: ['::/0'] }, field: '--source-ip', match: /\/0/ },
    { name: 'CIDR private', flags: { sourceIp: ['10.0.0.0/8'] }, field: '--source-ip', match: /private.*SourceVpc/ },
    { name: 'CIDR garbage', flags: { sourceIp: ['1.2.3'] }, field: '--source-ip', match: /CIDR/ },
    { name: 'duration 0', flags: { maxSessionDuration: '0' }, field: '--max-session-duration', match: /3600 to 43200/ },
    { name: 'duration 899', flags: { maxSessionDuration: '899' }, field: '--max-session-duration', match: /3600 to 43200/ },
    { name: 'duration 43201', flags: { maxSessionDuration: '43201' }, field: '--max-session-duration', match: /3600 to 43200/ },
    { name: 'duration 1h', flags: { maxSessionDuration: '1h' }, field: '--max-session-duration', match: /whole number/ },
    { name: 'session over max', flags: { maxSessionDuration: '3600', sessionDuration: '7200' }, field: '--session-duration', match: /max session duration \(3600/ },
    { name: 'unknown region', flags: { region: 'us-middle-1' }, field: '--region', match: /known AWS region/ },
    { name: 'unknown region from env', flags: { region: undefined }, env: { BEDROCK_REGION: 'mars-1' }, field: 'BEDROCK_REGION', match: /known AWS region/ },
    { name: 'unknown model format', flags: { models: ['Claude 3'] }, field: '--models', match: /model id/ },
    { name: 'app profile in another account', flags: { models: ['arn:aws:bedrock:us-east-1:333333333333:application-inference-profile/abc123'] }, field: '--models', match: /target account/ },
    { name: 'use case with spaces', flags: { useCase: 'chat bot' }, field: '--use-case', match: /letters, digits or hyphens/ },
    { name: 'role name too long', flags: { roleName: 'r'.repeat(65) }, field: '--role-name', match: /1–64/ },
    { name: 'setup name with a slash', flags: { name: '../escape' }, field: '--name', match: /folder name/ },
    { name: 'config region', flags: { region: undefined }, config: { region: 'nowhere-1' }, field: 'config.region', match: /known AWS region/ },
    { name: 'config setups[1] account', flags: {}, config: { setups: [{ name: 'a' }, { name: 'b', targetAccountId: '12' }] }, field: 'config setups[1].targetAccountId', match: /12-digit/ },
    { name: 'config unknown key', flags: {}, config: { regoin: 'us-east-1' }, field: 'config.regoin', match: /did you mean "region"/ },
    { name: 'config wrong type', flags: {}, config: { maxSessionDurationSeconds: '1h' }, field: 'config.maxSessionDurationSeconds', match: /number/ },
    { name: 'config caller of unknown kind', flags: {}, config: { caller: { kind: 'robot' } }, field: 'config.caller', match: /"kind": account \| role/ },
    { name: 'config OIDC caller without subjects', flags: {}, config: { caller: { kind: 'oidc', providerHost: 'token.actions.githubusercontent.com' } }, field: 'config.caller.subjects', match: /missing/ },
    { name: 'config nested unknown key', flags: {}, config: { caller: { kind: 'role', arn: 'x', extra: 1 } }, field: 'config.caller.extra', match: /not a known field/ },
    { name: 'config models as a string', flags: {}, config: { models: 'amazon.nova-lite-v1:0' }, field: 'config.models', match: /JSON list/ },
    { name: 'config stray key next to setups', flags: {}, config: { region: 'us-east-1', setups: [{}] }, field: 'config.region', match: /next to "setups"/ },
    {
      name: 'config duplicate names',
      flags: {},
      config: { defaults: { sourceAccountId: A, targetAccountId: B, region: 'us-east-1', models: ['amazon.nova-lite-v1:0'] }, setups: [{ name: 'x' }, { name: 'x' }] },
      field: 'config setups[1].name',
      match: /duplicate/
    },
    { name: 'OIDC group for a non-OIDC caller', flags: { oidcGroup: ['admins'] }, field: '--oidc-group', match: /an OIDC caller \(--caller oidc:HOST\) to go with it/ },
    { name: 'OIDC group with a control character', flags: { caller: 'oidc:token.actions.githubusercontent.com', oidcSubject: ['repo:o/r:*'], oidcGroup: ['adm\u0007ins'] }, field: '--oidc-group', match: /printable/ },
    { name: 'OIDC group too long', flags: { caller: 'oidc:token.actions.githubusercontent.com', oidcSubject: ['repo:o/r:*'], oidcGroup: ['g'.repeat(257)] }, field: '--oidc-group', match: /1–256/ },
    { name: 'config OIDC groups as a string', flags: {}, config: { caller: { kind: 'oidc', providerHost: 'token.actions.githubusercontent.com', subjects: ['repo:o/r:*'], groups: 'admins' } }, field: 'config.caller.groups', match: /JSON list/ },
    { name: 'OIDC group flag with a config role caller', flags: { oidcGroup: ['admins'] }, config: { caller: `arn:aws:iam::${A}:role/x` }, field: '--oidc-group', match: /an OIDC caller \(--caller oidc:HOST\) to go with it/ },
    { name: 'duration condition flag', flags: { durationCondition: '3600' }, field: '--duration-condition', match: /never matches/ },
    { name: 'duration condition config', flags: {}, config: { durationCondition: 3600 }, field: 'config.durationCondition', match: /never matches/ }
  ]
  it.each(cases)('$name', ({ flags, env, config, field, match }) => {
    const error = errorOf(() => resolve({ ...base, ...flags }, env ?? {}, config === undefined ? undefined : JSON.stringify(config)))
    expect(error.exitCode).toBe(2)
    expect(error.field).toBe(field)
    expect(error.message).toMatch(match)
    expect(error.message).not.toContain('\n')
  })

  it('an empty model list is a missing answer naming --models', () => {
    const error = errorOf(() => resolve({ ...base, models: [' , '] }))
    expect(error.exitCode).toBe(2)
    expect(error.message).toMatch(/--models/)
  })

  it('a missing target account names its flag', () => {
    const error = errorOf(() => resolve({ ...base, targetAccount: undefined }))
    expect(error.message).toMatch(/^Missing --target-account/)
  })

  it('an OIDC caller without subjects names --oidc-subject', () => {
    const error = errorOf(() => resolve({ ...base, caller: 'oidc:token.actions.githubusercontent.com' }))
    expect(error.message).toMatch(/--oidc-subject/)
  })
})

describe('configFileText round-trips', () => {
  const cases: { name: string; flags: SetupFlags }[] = [
    { name: 'defaults', flags: base },
    {
      name: 'everything',
      flags: {
        ...base,
        caller: `arn:aws:iam::${A}:user/ci`,
        externalId: 'ext-1234',
        sourceIp: ['203.0.113.0/24'],
        useCase: 'Chat',
        orgPrefix: 'Acme',
        layer: 'Prod',
        marketplace: true,
        streaming: false,
        cloudtrailLookup: true,
        maxSessionDuration: '7200',
        sessionDuration: '1800',
        roleArn: `arn:aws:iam::${B}:role/app/X`,
        targetAccount: undefined
      }
    },
    { name: 'oidc', flags: { ...base, caller: 'oidc:token.actions.githubusercontent.com', oidcSubject: ['repo:o/r:*'], oidcAudience: ['sts.amazonaws.com'] } },
    { name: 'oidc with groups', flags: { ...base, caller: 'oidc:token.actions.githubusercontent.com', oidcSubject: ['repo:o/r:*'], oidcGroup: ['team-ai-*', 'cn=ai,ou=teams'] } },
    { name: 'service', flags: { ...base, caller: 'service:sagemaker.amazonaws.com,bedrock.amazonaws.com' } }
  ]
  it.each(cases)('$name', async ({ flags }) => {
    const { configFileText } = await import('./serialize.js')
    const setups = resolve(flags)
    expect(resolve({}, {}, configFileText(setups))).toEqual(setups)
  })
})

describe('allowSessionTags: --allow-session-tags, BEDROCK_XACCT_ALLOW_SESSION_TAGS, config "allowSessionTags"', () => {
  const cases: { name: string; flags?: SetupFlags; env?: Record<string, string>; config?: Record<string, unknown>; expected: boolean }[] = [
    { name: 'default: off', expected: false },
    { name: 'the flag', flags: { allowSessionTags: true }, expected: true },
    { name: 'the environment', env: { BEDROCK_XACCT_ALLOW_SESSION_TAGS: 'true' }, expected: true },
    { name: 'the environment, off', env: { BEDROCK_XACCT_ALLOW_SESSION_TAGS: '0' }, expected: false },
    { name: 'the config file', config: { allowSessionTags: true }, expected: true },
    { name: 'the flag over the environment and config', flags: { allowSessionTags: true }, env: { BEDROCK_XACCT_ALLOW_SESSION_TAGS: 'false' }, config: { allowSessionTags: false }, expected: true }
  ]
  it.each(cases)('$name', ({ flags, env, config, expected }) => {
    const [setup] = resolve({ ...base, ...flags }, env, config === undefined ? undefined : JSON.stringify(config))
    expect(setup!.allowSessionTags).toBe(expected)
  })

  it.each([
    { name: 'a bad environment value', env: { BEDROCK_XACCT_ALLOW_SESSION_TAGS: 'maybe' }, match: /^BEDROCK_XACCT_ALLOW_SESSION_TAGS "maybe" is invalid: expected true or false/ },
    { name: 'a string in the config file', config: { allowSessionTags: 'yes' }, match: /^config\.allowSessionTags "yes" is invalid: expected true or false/ }
  ])('$name is one error naming where it came from', ({ env, config, match }) => {
    const error = errorOf(() => resolve(base, env ?? {}, config === undefined ? undefined : JSON.stringify(config)))
    expect(error.message).toMatch(match)
  })

  it('round-trips through the config file init writes', async () => {
    const { configFileText } = await import('./serialize.js')
    const setups = resolve({ ...base, allowSessionTags: true })
    expect(resolve({}, {}, configFileText(setups))).toEqual(setups)
  })
})

describe('each value is validated once', () => {
  it('checking before the wizard and resolving after run each validator once per given value', () => {
    const accountId = vi.spyOn(CHECKS, 'accountId')
    const region = vi.spyOn(CHECKS, 'region')
    try {
      const pending = mergeAll({ flags: flagsLayer(base), env: envLayer({}), config: [] })
      for (const item of pending) validateGiven(item.merged)
      resolveAll(pending, context)
      expect(accountId).toHaveBeenCalledTimes(2)
      expect(region).toHaveBeenCalledTimes(1)
    } finally {
      accountId.mockRestore()
      region.mockRestore()
    }
  })
})
