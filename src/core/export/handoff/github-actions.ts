/**
 * For a GitHub Actions (OIDC) caller: a workflow that assumes the role with
 * aws-actions/configure-aws-credentials (`permissions: id-token: write`, `role-to-assume`, and
 * `role-skip-session-tagging` unless the trust allows sts:TagSession: the action tags the sessions
 * it gets with AssumeRole — keys or role-chaining, which the job may switch to — and AWS refuses a
 * tagged AssumeRole the trust does not allow; docs/aws-facts.md oidc.github.session-tags), and the
 * `sub` values GitHub puts in its tokens for a branch, a tag, an environment and a pull request,
 * each marked with whether the role's sub patterns admit it.
 */
import type { Setup } from '../../setup/model.js'
import type { SetupDocuments } from '../../policies/index.js'
import { toYaml } from '../yaml.js'
import { consumerSessionName, firstModel, primaryCaller } from './common.js'

/** GitHub Actions' OIDC issuer host. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com'
/** The audience configure-aws-credentials asks for by default. */
const DEFAULT_AUDIENCE = 'sts.amazonaws.com'
/** The action and major version the workflow uses. */
export const CONFIGURE_AWS_CREDENTIALS = 'aws-actions/configure-aws-credentials@v4'

export interface SubjectExample {
  /** branch, tag, environment, pull_request */
  kind: string
  sub: string
  /** Whether one of the role's sub patterns (StringLike) matches it. */
  admitted: boolean
}

/** IAM's StringLike: `*` any run of characters, `?` one character, everything else literal. */
export function stringLike(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${source}$`, 's').test(value)
}

/** `owner/repo` from the first `repo:OWNER/REPO:…` pattern, else a placeholder. */
function repositoryOf(subjects: readonly string[]): string {
  for (const subject of subjects) {
    const match = /^repo:([^:*?]+\/[^:*?]+):/.exec(subject)
    if (match) return match[1]!
  }
  return 'OWNER/REPO'
}

/** The environment named in a sub pattern (`…:environment:NAME`), if any. */
function environmentOf(subjects: readonly string[]): string | undefined {
  for (const subject of subjects) {
    const match = /:environment:([^:*?]+)$/.exec(subject)
    if (match) return match[1]
  }
  return undefined
}

/** GitHub's `sub` formats (docs.github.com, OpenID Connect reference), for this repository. */
export function subjectExamples(subjects: readonly string[]): SubjectExample[] {
  const repo = repositoryOf(subjects)
  const environment = environmentOf(subjects) ?? 'production'
  const examples = [
    { kind: 'branch', sub: `repo:${repo}:ref:refs/heads/main` },
    { kind: 'tag', sub: `repo:${repo}:ref:refs/tags/v1.0.0` },
    { kind: 'environment', sub: `repo:${repo}:environment:${environment}` },
    { kind: 'pull_request', sub: `repo:${repo}:pull_request` }
  ]
  return examples.map((example) => ({ ...example, admitted: subjects.some((pattern) => stringLike(pattern, example.sub)) }))
}

export function renderGithubWorkflow(setup: Setup, docs: SetupDocuments): string | undefined {
  const caller = primaryCaller(setup)
  if (caller.kind !== 'oidc' || caller.providerHost !== GITHUB_OIDC_HOST) return undefined
  const audience = caller.audiences.find((aud) => aud !== DEFAULT_AUDIENCE)
  const environment = environmentOf(caller.subjects)
  const examples = subjectExamples(caller.subjects)
  const workflow = {
    name: `Bedrock (${setup.name})`,
    on: { workflow_dispatch: {} },
    permissions: { 'id-token': 'write', contents: 'read' },
    jobs: {
      bedrock: {
        'runs-on': 'ubuntu-latest',
        ...(environment !== undefined ? { environment } : {}),
        steps: [
          {
            name: 'Assume the Bedrock role (OIDC)',
            uses: CONFIGURE_AWS_CREDENTIALS,
            with: {
              'role-to-assume': docs.roleArn,
              'aws-region': setup.region,
              'role-session-name': consumerSessionName(setup, 'github'),
              ...(audience !== undefined ? { audience } : {}),
              // The trust allows sts:TagSession only with --allow-session-tags.
              ...(setup.allowSessionTags === true ? {} : { 'role-skip-session-tagging': true })
            }
          },
          {
            name: 'Call Bedrock',
            run: `aws bedrock-runtime converse --model-id ${firstModel(setup)} --messages '[{"role":"user","content":[{"text":"Reply with one short sentence."}]}]'`
          }
        ]
      }
    }
  }
  return toYaml(workflow, [
    `${setup.name}: copy to .github/workflows/ of ${repositoryOf(caller.subjects)}.`,
    `The role admits tokens whose sub matches: ${caller.subjects.join(', ')}.`,
    'GitHub sets sub by what triggered the job; for this repository:',
    ...examples.map((e) => `  ${e.kind.padEnd(12)} ${e.sub}  (${e.admitted ? 'admitted' : 'NOT admitted'})`),
    setup.allowSessionTags === true ? 'The trust allows sts:TagSession: the action may tag its sessions.' : 'The trust does not allow sts:TagSession: keep role-skip-session-tagging true (the action tags AssumeRole sessions, e.g. with role-chaining).'
  ])
}
