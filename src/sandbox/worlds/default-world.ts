/**
 * The default sandbox world: two accounts, as every test and the demo know them.
 *
 * Account A = 111111111111 (source, where the caller runs):
 *   - user `app-caller` — key AKIASANDBOXACALLER01, apparent IP 203.0.113.10, NO policies
 *     (`init --apply` adds its source policy: sts:AssumeRole on the access role in B).
 *   - user `admin` — key AKIASANDBOXAADMIN001, AdministratorAccess, apparent IP 203.0.113.20.
 * Account B = 222222222222 (target, where Bedrock and the access role live):
 *   - user `admin` — key AKIASANDBOXBADMIN001, AdministratorAccess, apparent IP 198.51.100.20.
 *   - no roles yet (`init --apply` creates the access role).
 *   - OIDC provider token.actions.githubusercontent.com (audience sts.amazonaws.com; tokens are
 *     HS256 JWTs signed with GITHUB_OIDC_SIGNING_SECRET; requests appear from 192.0.2.30).
 *   - models enabled (model access granted) in us-east-1, us-east-2, us-west-1 and us-west-2:
 *     DEFAULT_ENABLED_MODELS. Others (e.g. amazon.nova-pro-v1:0) are deliberately NOT enabled, so
 *     tests can provoke the model-access AccessDeniedException.
 * All IPs are documentation ranges (RFC 5737). The secrets below are fixtures, not real keys.
 */
import type { WorldFile } from '../world-types.js'

export const ACCOUNT_A = '111111111111'
export const ACCOUNT_B = '222222222222'

/** HS256 key the default world's GitHub OIDC provider verifies tokens with (tests sign with it via jose). */
export const GITHUB_OIDC_SIGNING_SECRET = 'sandbox-github-oidc-signing-secret-0123456789'
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com'

export const DEFAULT_ENABLED_MODELS = [
  'anthropic.claude-3-5-haiku-20241022-v1:0',
  'anthropic.claude-3-haiku-20240307-v1:0',
  'anthropic.claude-3-5-sonnet-20241022-v2:0',
  'anthropic.claude-sonnet-4-20250514-v1:0',
  'amazon.nova-lite-v1:0',
  'amazon.nova-micro-v1:0'
]

const US_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2']

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess'

export function defaultWorld(): WorldFile {
  return {
    accounts: [
      {
        id: ACCOUNT_A,
        alias: 'source',
        users: [
          {
            name: 'app-caller',
            accessKeys: [{ accessKeyId: 'AKIASANDBOXACALLER01', secretAccessKey: 'sandboxAcallerSecretKey0000000000000000A' }],
            sourceIp: '203.0.113.10'
          },
          {
            name: 'admin',
            accessKeys: [{ accessKeyId: 'AKIASANDBOXAADMIN001', secretAccessKey: 'sandboxAadminSecretKey00000000000000000A' }],
            sourceIp: '203.0.113.20',
            attachedPolicies: [ADMIN]
          }
        ],
        roles: [],
        models: {}
      },
      {
        id: ACCOUNT_B,
        alias: 'target',
        users: [
          {
            name: 'admin',
            accessKeys: [{ accessKeyId: 'AKIASANDBOXBADMIN001', secretAccessKey: 'sandboxBadminSecretKey00000000000000000B' }],
            sourceIp: '198.51.100.20',
            attachedPolicies: [ADMIN]
          }
        ],
        roles: [],
        oidcProviders: [{ host: GITHUB_OIDC_HOST, audiences: ['sts.amazonaws.com'], signingSecret: GITHUB_OIDC_SIGNING_SECRET, sourceIp: '192.0.2.30' }],
        models: Object.fromEntries(US_REGIONS.map((region) => [region, [...DEFAULT_ENABLED_MODELS]]))
      }
    ]
  }
}
