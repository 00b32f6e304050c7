import { describe, expect, it } from 'vitest'
import { fixtureSetup, type FixtureOverrides } from '../../../test/helpers/setup-fixture.js'
import { buildDocuments } from '../policies/index.js'
import type { CallerPrincipal } from '../setup/model.js'
import { hclValue } from './hcl.js'
import { renderExports } from './index.js'
import { toYaml } from './yaml.js'

/** Fixture accounts: A = 111111111111 (source, the caller), B = 222222222222 (target, Bedrock). */

// ---- Minimal parsers for the subsets our emitters produce, to prove the output round-trips. ----

/** Parse an HCL expression as hclValue writes it (objects with `k = v` lines, lists, strings, numbers). */
function parseHcl(text: string): unknown {
  const tokens = text.match(/"(?:[^"\\]|\\.)*"|[{}[\],=]|[A-Za-z_][A-Za-z0-9_-]*|-?\d+(?:\.\d+)?|\S/g) ?? []
  let i = 0
  const next = (): string => tokens[i++] ?? ''
  const value = (): unknown => {
    const t = next()
    if (t === '{') {
      const object: Record<string, unknown> = {}
      while (tokens[i] !== '}') {
        const k = next()
        expect(next()).toBe('=')
        object[k.startsWith('"') ? (JSON.parse(k.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')) as string) : k] = value()
      }
      next()
      return object
    }
    if (t === '[') {
      const list: unknown[] = []
      while (tokens[i] !== ']') {
        list.push(value())
        if (tokens[i] === ',') next()
      }
      next()
      return list
    }
    if (t.startsWith('"')) return JSON.parse(t.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'))
    if (t === 'true' || t === 'false') return t === 'true'
    if (t === 'null') return null
    if (/^-?\d/.test(t)) return Number(t)
    throw new Error(`unexpected token ${t}`)
  }
  const result = value()
  expect(i).toBe(tokens.length)
  return result
}

/** Parse the YAML subset toYaml writes: block mappings/sequences, quoted strings, numbers, booleans. */
function parseYaml(text: string): unknown {
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'))
  let i = 0
  const indentOf = (line: string): number => line.length - line.trimStart().length
  const scalar = (s: string): unknown => {
    if (s.startsWith('"')) return JSON.parse(s)
    if (s === '[]') return []
    if (s === '{}') return {}
    if (s === 'true' || s === 'false') return s === 'true'
    if (s === 'null') return null
    if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s)
    throw new Error(`unquoted scalar ${s}`)
  }
  const key = (s: string): string => (s.startsWith('"') ? (JSON.parse(s) as string) : s)
  const entry = /^("(?:[^"\\]|\\.)*"|[A-Za-z][A-Za-z0-9_]*):(?: (.*))?$/
  const block = (indent: string): unknown => {
    const first = lines[i]!
    if (first.slice(indent.length).startsWith('- ')) {
      const list: unknown[] = []
      while (i < lines.length && indentOf(lines[i]!) === indent.length && lines[i]!.slice(indent.length).startsWith('- ')) {
        const rest = lines[i]!.slice(indent.length + 2)
        if (entry.test(rest) || rest.startsWith('- ')) {
          lines[i] = `${indent}  ${rest}`
          list.push(block(`${indent}  `))
        } else {
          list.push(scalar(rest))
          i++
        }
      }
      return list
    }
    const object: Record<string, unknown> = {}
    while (i < lines.length && indentOf(lines[i]!) === indent.length && !lines[i]!.slice(indent.length).startsWith('- ')) {
      const m = entry.exec(lines[i]!.slice(indent.length))
      if (!m) throw new Error(`bad line ${lines[i]}`)
      i++
      if (m[2] !== undefined) object[key(m[1]!)] = scalar(m[2])
      else object[key(m[1]!)] = block(lines[i]!.slice(0, indentOf(lines[i]!)))
    }
    return object
  }
  const result = block('')
  expect(i).toBe(lines.length)
  return result
}

/** Brackets balance outside strings. */
function balanced(text: string): boolean {
  const stack: string[] = []
  const pairs: Record<string, string> = { '}': '{', ']': '[', ')': '(' }
  const code = text.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/^\s*#.*$/gm, '')
  for (const ch of code) {
    if ('{[('.includes(ch)) stack.push(ch)
    else if (ch in pairs && stack.pop() !== pairs[ch]) return false
  }
  return stack.length === 0
}

// ---- Emitters ----

const SAMPLE = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'A', Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/${aws:username}/*', Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalTag/team': ['%{x}', 'a"b\\c'] }, Bool: { 'aws:SecureTransport': true } } },
    { Effect: 'Deny', NotAction: [], Resource: {}, Num: 3600, Nested: [[1, 2], []] }
  ]
}

describe('emitters round-trip', () => {
  it('hclValue: parses back to the same value; template sequences are escaped', () => {
    const hcl = hclValue(SAMPLE)
    expect(hcl).toContain('$${aws:username}')
    expect(hcl).toContain('%%{x}')
    expect(parseHcl(hcl)).toEqual(SAMPLE)
  })

  it('toYaml: parses back to the same value; every string is quoted', () => {
    const yaml = toYaml(SAMPLE, ['a comment'])
    expect(yaml.startsWith('# a comment\n')).toBe(true)
    expect(parseYaml(yaml)).toEqual(SAMPLE)
  })
})

// ---- The export set ----

const GITHUB: CallerPrincipal = {
  kind: 'oidc',
  providerArn: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
  providerHost: 'token.actions.githubusercontent.com',
  audiences: ['sts.amazonaws.com'],
  subjects: ['repo:acme/gateway:*']
}

const CALLERS: [string, FixtureOverrides, RegExp | undefined][] = [
  ['account', {}, /resource "aws_iam_policy" "assume_bedrock_access"/],
  ['role', { caller: { kind: 'role', arn: 'arn:aws:iam::111111111111:role/team/gateway' } }, /resource "aws_iam_role_policy" "assume_bedrock_access" \{[^}]*role\s+= "gateway"/],
  ['user', { caller: { kind: 'user', arn: 'arn:aws:iam::111111111111:user/ci' } }, /resource "aws_iam_user_policy" "assume_bedrock_access" \{[^}]*user\s+= "ci"/],
  ['service', { caller: { kind: 'service', services: ['sagemaker.amazonaws.com'] } }, undefined],
  ['oidc', { caller: GITHUB }, undefined],
  ['oidc with groups', { caller: { ...GITHUB, groups: ['team-ai-*', 'cn=ai,ou=teams'] } }, undefined]
]

describe('renderExports', () => {
  it.each(CALLERS)('%s caller: every file is present and valid', (_kind, overrides, sourceResource) => {
    const setup = fixtureSetup({ ...overrides, models: ['us.anthropic.claude-sonnet-4-20250514-v1:0'], maxSessionDurationSeconds: 7200, sourceIpCidrs: ['203.0.113.0/24'] })
    const docs = buildDocuments(setup)
    const files = Object.fromEntries(renderExports(setup, docs).map((f) => [f.path, f.content]))
    expect(Object.keys(files)).toEqual(['trust-policy.json', 'permissions-policy.json', 'source-policy.json', 'main.tf', 'cloudformation.yaml', 'NEXT-STEPS.md'])

    expect(JSON.parse(files['trust-policy.json']!)).toEqual(docs.trustPolicy)
    expect(JSON.parse(files['permissions-policy.json']!)).toEqual(docs.permissionsPolicy)
    expect(JSON.parse(files['source-policy.json']!)).toEqual(docs.sourcePolicy)

    const tf = files['main.tf']!
    expect(balanced(tf)).toBe(true)
    expect(tf).toMatch(/provider "aws" \{\s+alias\s+= "target"[^}]*allowed_account_ids = \["222222222222"\]/)
    expect(tf).toMatch(/resource "aws_iam_role" "bedrock_access" \{[\s\S]*max_session_duration = 7200/)
    expect(tf).toMatch(/resource "aws_iam_role_policy" "bedrock_invoke" \{\s+provider = aws.target/)
    const jsonencodes = [...tf.matchAll(/jsonencode\((\{[\s\S]*?\n {2}\})\)/g)].map((m) => parseHcl(m[1]!))
    expect(jsonencodes.slice(0, 2)).toEqual([docs.trustPolicy, docs.permissionsPolicy])
    if (sourceResource) {
      expect(tf).toMatch(sourceResource)
      expect(tf).toMatch(/alias\s+= "source"/)
      expect(jsonencodes[2]).toEqual(docs.sourcePolicy)
    } else {
      expect(tf).not.toMatch(/aws\.source/)
      expect(tf).toMatch(/# No source-side policy/)
    }
    expect(tf).not.toContain('DurationSeconds"')

    const cfn = parseYaml(files['cloudformation.yaml']!) as { Resources: { BedrockAccessRole: { Type: string; Properties: Record<string, unknown> } } }
    expect(cfn.Resources.BedrockAccessRole.Type).toBe('AWS::IAM::Role')
    expect(cfn.Resources.BedrockAccessRole.Properties).toEqual({
      RoleName: 'BedrockAccessRole',
      Path: '/',
      MaxSessionDuration: 7200,
      AssumeRolePolicyDocument: docs.trustPolicy,
      Policies: [{ PolicyName: 'BedrockAccessRole-InvokePolicy', PolicyDocument: docs.permissionsPolicy }]
    })

    const steps = files['NEXT-STEPS.md']!
    expect(steps).toContain('bedrock-xacct verify --config bedrock-xacct.json')
    expect(steps).toContain('account B (222222222222)')
    expect(steps).toContain('account A (111111111111)')
    expect(steps).toContain(docs.roleArn)
  })

  it('NEXT-STEPS mentions what cannot be known offline and the role-chaining cap', () => {
    const app = 'arn:aws:bedrock:us-east-1:222222222222:application-inference-profile/a1b2c3d4e5f6'
    const setup = fixtureSetup({ models: [app], maxSessionDurationSeconds: 7200 })
    const steps = renderExports(setup, buildDocuments(setup)).find((f) => f.path === 'NEXT-STEPS.md')!.content
    expect(steps).toMatch(/application inference profile: its underlying models are not known offline/)
    expect(steps).toMatch(/capped at 1 hour/)
    expect(steps).toMatch(/ExternalId bedrock-xacct-fixture-ext-0001/)
  })

  it('NEXT-STEPS does not send users to the retired Model access page; it says what can still block a model (issue 18)', () => {
    const setup = fixtureSetup({})
    const steps = renderExports(setup, buildDocuments(setup)).find((f) => f.path === 'NEXT-STEPS.md')!.content
    expect(steps).not.toMatch(/\(Model access\)|enable model access/i)
    expect(steps).toMatch(/enabled by default/)
    expect(steps).toMatch(/use-case form/)
    expect(steps).toMatch(/aws-marketplace:Subscribe/)
  })

  it('NEXT-STEPS names the required groups and that AWS must expose the claim', () => {
    const setup = fixtureSetup({ caller: { ...GITHUB, groups: ['team-ai-*'] } })
    const steps = renderExports(setup, buildDocuments(setup)).find((f) => f.path === 'NEXT-STEPS.md')!.content
    expect(steps).toMatch(/`groups` claim with at least one group matching `team-ai-\*`/)
    expect(steps).toContain('token.actions.githubusercontent.com:groups')
    const without = fixtureSetup({ caller: GITHUB })
    expect(renderExports(without, buildDocuments(without)).find((f) => f.path === 'NEXT-STEPS.md')!.content).not.toContain('groups')
  })

  it('is deterministic', () => {
    const setup = fixtureSetup({ marketplace: true, cloudTrailLookup: true })
    expect(renderExports(setup, buildDocuments(setup))).toEqual(renderExports(setup, buildDocuments(setup)))
  })
})
