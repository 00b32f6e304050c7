/**
 * The infrastructure-as-code files against the tools their users run (issue 19): `terraform fmt
 * -check` on main.tf and `cfn-lint` on cloudformation.yaml, for several setups; the YAML is read
 * back with PyYAML (cfn-lint's own parser), not with ours. `terraform validate` needs the AWS
 * provider downloaded, which this machine cannot do offline, so fmt (syntax and layout) is the oracle.
 * Fixture accounts: A = 111111111111 (source, the caller), B = 222222222222 (target, Bedrock).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { renderExports } from '../../src/core/export/index.js'
import type { ExportOptions } from '../../src/core/export/export-options.js'
import { buildDocuments } from '../../src/core/policies/index.js'
import type { Setup } from '../../src/core/setup/model.js'
import { FIXTURE_EXTERNAL_ID, fixtureSetup } from '../helpers/setup-fixture.js'

function has(binary: string, args: string[]): boolean {
  return spawnSync(binary, args, { encoding: 'utf8' }).status === 0
}
const TERRAFORM = has('terraform', ['version'])
const CFN_LINT = has('cfn-lint', ['--version'])
const PYYAML = has('python3', ['-c', 'import yaml'])

const GITHUB = {
  kind: 'oidc' as const,
  providerArn: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
  providerHost: 'token.actions.githubusercontent.com',
  audiences: ['sts.amazonaws.com'],
  subjects: ['repo:acme/gateway:ref:refs/heads/main']
}

/** Whether the setup's trust carries its ExternalId: it has one, and some caller is a principal of A (not a service or token). */
const trustHasExternalId = (overrides: Partial<Setup>) => !('externalId' in overrides) && (overrides.callers ?? [{ kind: 'account' }]).some((caller) => !['oidc', 'service'].includes(caller.kind))

const CASES: [string, Partial<Setup>, ExportOptions][] = [
  ['account root caller', {}, {}],
  ['role caller with an IP list', { callers: [{ kind: 'role', arn: 'arn:aws:iam::111111111111:role/team/gateway' }], sourceIpCidrs: ['203.0.113.0/24', '2001:db8::/32'], useCase: 'Chatbot' }, {}],
  ['OIDC caller (an ExternalId in the setup is not in the trust, so no variable)', { callers: [{ ...GITHUB, groups: ['team-ai-*'] }], allowSessionTags: true }, {}],
  ['managed-policy mode', { callers: [{ kind: 'user', arn: 'arn:aws:iam::111111111111:user/ci' }], marketplace: true, cloudTrailLookup: true }, { managedPolicy: true }],
  ['service caller', { callers: [{ kind: 'service', services: ['sagemaker.amazonaws.com'] }], externalId: undefined }, {}],
  ['third-party caller (vendor mode)', { callers: [{ kind: 'account' }], thirdPartyCaller: true }, {}],
  [
    'several callers: services and a role (the SageMaker guide)',
    {
      callers: [
        { kind: 'service', services: ['sagemaker.amazonaws.com', 'events.amazonaws.com'] },
        { kind: 'role', arn: 'arn:aws:iam::111111111111:role/notebook' }
      ]
    },
    {}
  ],
  [
    'session actions for every caller kind (issue 18: the session statement beside the ExternalId one)',
    { callers: [{ kind: 'role', arn: 'arn:aws:iam::111111111111:role/gateway' }, { kind: 'service', services: ['sagemaker.amazonaws.com'] }, GITHUB], allowSessionTags: true, allowSourceIdentity: true, sourceIpCidrs: ['203.0.113.0/24'] },
    {}
  ],
  ['no ExternalId, cross-region profile', { externalId: undefined, models: ['us.anthropic.claude-sonnet-4-20250514-v1:0'], maxSessionDurationSeconds: 7200 }, {}]
]

const dir = mkdtempSync(join(tmpdir(), 'bedrock-xacct-iac-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function filesOf(name: string, overrides: Partial<Setup>, options: ExportOptions): Record<string, string> {
  const setup = fixtureSetup({ name: name.replace(/\W+/g, '-'), ...overrides })
  return Object.fromEntries(renderExports(setup, buildDocuments(setup), options).map((f) => [f.path, f.content]))
}

function writeCase(name: string, content: string, file: string): string {
  const path = join(dir, name.replace(/\W+/g, '-'))
  execFileSync('mkdir', ['-p', path])
  writeFileSync(join(path, file), content)
  return join(path, file)
}

function yamlOf(path: string): Record<string, unknown> {
  return JSON.parse(execFileSync('python3', ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', path], { encoding: 'utf8' })) as Record<string, unknown>
}

describe('main.tf passes terraform fmt -check', () => {
  it.skipIf(!TERRAFORM).each(CASES)('%s', (name, overrides, options) => {
    const files = filesOf(name, overrides, options)
    const path = writeCase(name, files['main.tf']!, 'main.tf')
    const fmt = spawnSync('terraform', ['fmt', '-check', '-diff', path], { encoding: 'utf8' })
    expect(fmt.stdout).toBe('')
    expect(fmt.status).toBe(0)
    const tf = files['main.tf']!
    expect(tf).not.toContain(FIXTURE_EXTERNAL_ID)
    if (trustHasExternalId(overrides)) {
      expect(tf).toMatch(/variable "external_id" \{[^}]*sensitive\s+= true/)
      expect(tf).toMatch(/"sts:ExternalId" = var\.external_id/)
    } else {
      expect(tf).not.toContain('external_id')
    }
    expect(tf).toMatch(/variable "tags" \{[\s\S]*managed-by = "bedrock-xacct"/)
    expect(tf).toMatch(/resource "aws_iam_role" "bedrock_access" \{[\s\S]*?tags\s+= var\.tags/)
    expect(tf).toMatch(/output "role_arn" \{/)
    if (options.managedPolicy) expect(tf).toMatch(/resource "aws_iam_policy" "bedrock_invoke"[\s\S]*resource "aws_iam_role_policy_attachment" "bedrock_invoke"/)
    if (overrides.thirdPartyCaller) {
      expect(tf).not.toMatch(/aws\.source|alias\s+= "source"|source_profile/)
      expect(tf).not.toMatch(/assume_bedrock_access/)
    }
  })
})

describe('cloudformation.yaml passes cfn-lint', () => {
  // cfn-lint takes seconds to start: one run over every case's template, findings split by file.
  const lintOutput = (() => {
    if (!CFN_LINT || !PYYAML) return { status: 0, text: '' }
    const paths = CASES.map(([name, overrides, options]) => writeCase(name, filesOf(name, overrides, options)['cloudformation.yaml']!, 'cloudformation.yaml'))
    const lint = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...paths], { encoding: 'utf8' })
    return { status: lint.status, text: lint.stdout + lint.stderr }
  })()

  it.skipIf(!CFN_LINT)('exits 0 over all the templates', () => {
    expect(lintOutput.text).toBe('')
    expect(lintOutput.status).toBe(0)
  })

  it.skipIf(!CFN_LINT || !PYYAML).each(CASES)('%s', (name, overrides, options) => {
    const files = filesOf(name, overrides, options)
    const path = writeCase(name, files['cloudformation.yaml']!, 'cloudformation.yaml')
    expect(lintOutput.text.split('\n').filter((line) => line.startsWith(path))).toEqual([])
    expect(files['cloudformation.yaml']).not.toContain(FIXTURE_EXTERNAL_ID)
    const template = yamlOf(path) as { Parameters?: Record<string, Record<string, unknown>>; Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>; Outputs: Record<string, unknown> }
    const role = template.Resources.BedrockAccessRole!
    expect(role.Properties.Tags).toContainEqual({ Key: 'managed-by', Value: 'bedrock-xacct' })
    expect(Object.keys(template.Outputs)).toEqual(['RoleArn', 'RoleName'])
    const trust = JSON.stringify(role.Properties.AssumeRolePolicyDocument)
    if (trustHasExternalId(overrides)) {
      expect(template.Parameters?.ExternalId).toMatchObject({ Type: 'String', NoEcho: true, MinLength: 2, MaxLength: 1224 })
      expect(trust).toContain('{"sts:ExternalId":{"Ref":"ExternalId"}}')
    } else {
      expect(template.Parameters).toBeUndefined()
    }
    if (options.managedPolicy) {
      expect(role.Properties.Policies).toBeUndefined()
      expect(template.Resources.BedrockInvokePolicy).toMatchObject({ Type: 'AWS::IAM::ManagedPolicy', Properties: { Roles: [{ Ref: 'BedrockAccessRole' }] } })
    }
  })
})
