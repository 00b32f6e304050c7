/**
 * NEXT-STEPS.md's hand-off section (issue 19): every hand-off file in a table with where it goes and
 * in which account, a Mermaid diagram of the accounts, the caller, the role and the trust arrows,
 * and for GitHub's OIDC the `sub` of each trigger. A = 111111111111, B = 222222222222.
 */
import { describe, expect, it } from 'vitest'
import { fixtureSetup } from '../../../../test/helpers/setup-fixture.js'
import { buildDocuments } from '../../policies/index.js'
import { renderNextSteps } from '../next-steps.js'
import { renderHandoffFiles } from './index.js'
import { stringLike } from './github-actions.js'

const steps = (overrides: Parameters<typeof fixtureSetup>[0]) => {
  const setup = fixtureSetup(overrides)
  return { setup, text: renderNextSteps(setup, buildDocuments(setup)), files: renderHandoffFiles(setup, buildDocuments(setup)) }
}

describe('NEXT-STEPS hand-off section', () => {
  it('lists every hand-off file with where it goes and the account, and never the ExternalId', () => {
    const { setup, text, files } = steps({ callers: [{ kind: 'role', arn: 'arn:aws:iam::111111111111:role/litellm-task' }], externalId: 'ext-secret-0001' })
    expect(files.length).toBe(7)
    for (const file of files) expect(text).toContain(`| \`${file.path}\` | ${file.where} | A (${setup.sourceAccountId}) |`)
    expect(text).not.toContain('ext-secret-0001')
    expect(text).toMatch(/verify --config bedrock-xacct\.json --profile bedrock-fixture/)
  })

  it('draws the accounts, the caller, the role, Bedrock and the trust arrows in Mermaid', () => {
    const { text } = steps({ callers: [{ kind: 'role', arn: 'arn:aws:iam::111111111111:role/litellm-task' }], externalId: 'ext-secret-0001', sourceIpCidrs: ['203.0.113.0/24'] })
    const diagram = /```mermaid\n([\s\S]*?)\n```/.exec(text)?.[1] ?? ''
    expect(diagram.split('\n')).toEqual([
      'flowchart LR',
      '  subgraph source["Account A 111111111111"]',
      '    caller["role litellm-task"]',
      '  end',
      '  subgraph target["Account B 222222222222"]',
      '    role["role BedrockAccessRole"]',
      '    bedrock["Amazon Bedrock us-east-1"]',
      '  end',
      '  caller -- "sts:AssumeRole + ExternalId, from 203.0.113.0/24" --> role',
      '  role -. "trust policy admits" .-> caller',
      `  role -- "bedrock:InvokeModel on 1 model(s)" --> bedrock`
    ])
  })

  it("GitHub OIDC: the sub of each trigger, and whether the trust's patterns admit it", () => {
    const caller = {
      kind: 'oidc' as const,
      providerArn: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
      providerHost: 'token.actions.githubusercontent.com',
      audiences: ['sts.amazonaws.com'],
      subjects: ['repo:acme/chatbot:ref:refs/*']
    }
    const { text } = steps({ callers: [caller], externalId: undefined })
    expect(text).toContain('| branch | `repo:acme/chatbot:ref:refs/heads/main` | yes |')
    expect(text).toContain('| tag | `repo:acme/chatbot:ref:refs/tags/v1.0.0` | yes |')
    expect(text).toContain('| environment | `repo:acme/chatbot:environment:production` | no |')
    expect(text).toContain('| pull_request | `repo:acme/chatbot:pull_request` | no |')
  })

  it.each([
    ['repo:a/b:*', 'repo:a/b:pull_request', true],
    ['repo:a/b:ref:refs/heads/main', 'repo:a/b:ref:refs/heads/main2', false],
    ['repo:a/b:ref:refs/heads/rel-?', 'repo:a/b:ref:refs/heads/rel-1', true],
    ['repo:a.b/c:*', 'repo:aXb/c:x', false]
  ])('StringLike %s against %s is %s', (pattern, value, expected) => {
    expect(stringLike(pattern, value)).toBe(expected)
  })
})
