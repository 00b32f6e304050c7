/**
 * The least IAM each command needs, and in which account: one row per command and option, one
 * statement per principal. `bedrock-xacct permissions [command]` prints it as policies, and
 * test/unit/permissions.test.ts proves each row in the sandbox (which authorizes every call with the
 * same evaluator as the tool): sufficient (the command succeeds with exactly that policy attached)
 * and minimal (without any one action, a named check or step fails).
 *
 * Resources use placeholders the command fills from a setup (or prints as is): `${TARGET}`,
 * `${SOURCE}`, `${ROLE_ARN}`, `${PARTITION}`, `${CALLER_NAME}`, `${MODEL_ID}`.
 */

/** Who must hold the statement. */
export type PermissionHolder = 'caller' | 'role' | 'target-reader' | 'target-admin' | 'source-admin' | 'source-reader'

export interface PermissionGrant {
  /** IAM action, exactly as a policy writes it. */
  action: string
  /** Resource ARN pattern with placeholders. */
  resource: string
  /** The check or step that fails without it. */
  neededBy: string
}

export interface PermissionStatement {
  holder: PermissionHolder
  /** Which account the policy goes in. */
  account: 'source' | 'target'
  /** Who that is, in words, and which flag names the credentials. */
  principal: string
  grants: PermissionGrant[]
}

export interface PermissionRow {
  /** The command, e.g. `verify`. */
  command: 'verify' | 'init' | 'explain' | 'trail'
  /** The option or mode this row covers, e.g. `--target-profile`; '' for the plain command. */
  option: string
  summary: string
  statements: PermissionStatement[]
}

const ROLE = '${ROLE_ARN}'
const ROLE_POLICIES = 'arn:${PARTITION}:iam::${TARGET}:policy/*'
const ANY = '*'
const CALLER_USER = 'arn:${PARTITION}:iam::${SOURCE}:user/${CALLER_NAME}'

/** The reads of a role's identity policies (inline and attached managed), as verify and explain make them. */
const roleReads = (neededBy: string): PermissionGrant[] => [
  { action: 'iam:GetRole', resource: ROLE, neededBy },
  { action: 'iam:ListRolePolicies', resource: ROLE, neededBy },
  { action: 'iam:GetRolePolicy', resource: ROLE, neededBy },
  { action: 'iam:ListAttachedRolePolicies', resource: ROLE, neededBy },
  { action: 'iam:GetPolicy', resource: ROLE_POLICIES, neededBy },
  { action: 'iam:GetPolicyVersion', resource: ROLE_POLICIES, neededBy }
]

/** init --apply's and --restore's administrator in B: the plan's reads of the role, then `writes`. */
const targetAdmin = (writes: PermissionGrant[]): PermissionStatement => ({
  holder: 'target-admin',
  account: 'target',
  principal: 'the administrator of the target account (--target-profile)',
  grants: [
    { action: 'iam:GetRole', resource: ROLE, neededBy: 'plan: read the role' },
    { action: 'iam:GetRolePolicy', resource: ROLE, neededBy: 'plan: read the permissions policy' },
    { action: 'iam:ListAttachedRolePolicies', resource: ROLE, neededBy: 'plan: read the attached policies (existing role)' },
    ...writes
  ]
})

/** init --apply's and --restore's administrator in A: read and put the caller's source policy. */
const sourceAdmin = (putNeededBy: string): PermissionStatement => ({
  holder: 'source-admin',
  account: 'source',
  principal: 'the administrator of the source account (--source-profile); for a role caller, the same actions on the role (iam:GetRolePolicy, iam:PutRolePolicy)',
  grants: [
    { action: 'iam:GetUserPolicy', resource: CALLER_USER, neededBy: 'plan: read the source policy' },
    { action: 'iam:PutUserPolicy', resource: CALLER_USER, neededBy: putNeededBy }
  ]
})

export const PERMISSIONS: readonly PermissionRow[] = [
  {
    command: 'verify',
    option: '',
    summary: 'verify as the caller alone: assume the role and call Bedrock through it',
    statements: [
      {
        holder: 'caller',
        account: 'source',
        principal: 'the caller (--profile, or the default credentials)',
        grants: [{ action: 'sts:AssumeRole', resource: ROLE, neededBy: 'assume-role' }]
      },
      {
        holder: 'role',
        account: 'target',
        principal: 'the access role (its permissions policy, as init writes it)',
        grants: [{ action: 'bedrock:InvokeModel', resource: 'arn:${PARTITION}:bedrock:*::foundation-model/${MODEL_ID}', neededBy: 'converse' }]
      }
    ]
  },
  {
    command: 'verify',
    option: '--target-profile',
    summary: "verify with a reader in the target account: the role's trust and policies, and CloudTrail",
    statements: [
      {
        holder: 'target-reader',
        account: 'target',
        principal: 'the reader (--target-profile)',
        grants: [...roleReads('role-exists, trust-includes-source, role-allows-bedrock'), { action: 'cloudtrail:LookupEvents', resource: ANY, neededBy: 'cloudtrail-assume-role, cloudtrail-invoke' }]
      }
    ]
  },
  {
    command: 'verify',
    option: '--cloudtrail-lookup',
    summary: 'verify without --target-profile, the role reading its own CloudTrail (a setup made with init --cloudtrail-lookup)',
    statements: [
      {
        holder: 'role',
        account: 'target',
        principal: 'the access role (its permissions policy, as init --cloudtrail-lookup writes it, besides its Bedrock grants)',
        grants: [{ action: 'cloudtrail:LookupEvents', resource: ANY, neededBy: 'cloudtrail-assume-role, cloudtrail-invoke' }]
      }
    ]
  },
  {
    command: 'init',
    option: '--apply',
    summary: 'create or update the role in the target account and the caller policy in the source account',
    statements: [
      targetAdmin([
        { action: 'iam:CreateRole', resource: ROLE, neededBy: 'create role' },
        { action: 'iam:TagRole', resource: ROLE, neededBy: 'create role (its tags are authorized as iam:TagRole)' },
        { action: 'iam:UpdateAssumeRolePolicy', resource: ROLE, neededBy: 'update trust policy (existing role)' },
        { action: 'iam:UpdateRole', resource: ROLE, neededBy: 'update MaxSessionDuration (existing role)' },
        { action: 'iam:PutRolePolicy', resource: ROLE, neededBy: 'put permissions policy' }
      ]),
      sourceAdmin('put source policy')
    ]
  },
  {
    command: 'init',
    option: '--restore',
    summary: 'put back what a backup of init --apply (inline permissions, a role that existed before) holds: the trust, the duration, the tags, the permissions policy and the caller policy',
    statements: [
      targetAdmin([
        { action: 'iam:UpdateAssumeRolePolicy', resource: ROLE, neededBy: 'put the trust policy back' },
        { action: 'iam:UpdateRole', resource: ROLE, neededBy: 'put MaxSessionDuration back' },
        { action: 'iam:TagRole', resource: ROLE, neededBy: 'set a tag value the apply changed back' },
        { action: 'iam:UntagRole', resource: ROLE, neededBy: 'remove a tag the apply added' },
        { action: 'iam:PutRolePolicy', resource: ROLE, neededBy: 'put the permissions policy back' }
      ]),
      sourceAdmin('put the source policy back')
    ]
  },
  {
    command: 'explain',
    option: '--fetch',
    summary: "explain a denied AssumeRole reading the trust policy in the target account and the caller's policies in the source account",
    statements: [
      {
        holder: 'target-reader',
        account: 'target',
        principal: 'the reader (--target-profile)',
        grants: [{ action: 'iam:GetRole', resource: ROLE, neededBy: 'fetch: trust policy' }]
      },
      {
        holder: 'source-reader',
        account: 'source',
        principal: "a reader of the caller's policies (--profile); for a role caller, the Role forms of these actions",
        grants: [
          { action: 'iam:ListUserPolicies', resource: 'arn:${PARTITION}:iam::${SOURCE}:user/${CALLER_NAME}', neededBy: "fetch: caller's inline policies" },
          { action: 'iam:GetUserPolicy', resource: 'arn:${PARTITION}:iam::${SOURCE}:user/${CALLER_NAME}', neededBy: "fetch: caller's inline policies" },
          { action: 'iam:ListAttachedUserPolicies', resource: 'arn:${PARTITION}:iam::${SOURCE}:user/${CALLER_NAME}', neededBy: "fetch: caller's managed policies" }
        ]
      }
    ]
  },
  {
    command: 'explain',
    option: '--from-trail',
    summary: 'find denied calls of the role in CloudTrail and explain each',
    statements: [{ holder: 'target-reader', account: 'target', principal: 'the reader (--target-profile)', grants: [{ action: 'cloudtrail:LookupEvents', resource: ANY, neededBy: 'from-trail: LookupEvents' }] }]
  },
  {
    command: 'trail',
    option: '',
    summary: "list the role's AssumeRole and Bedrock events from the target account's CloudTrail",
    statements: [{ holder: 'target-reader', account: 'target', principal: 'the reader (--target-profile)', grants: [{ action: 'cloudtrail:LookupEvents', resource: ANY, neededBy: 'trail: LookupEvents' }] }]
  }
]

/** The commands the table covers, for `permissions [command]`. */
export const PERMISSION_COMMANDS = [...new Set(PERMISSIONS.map((row) => row.command))]
