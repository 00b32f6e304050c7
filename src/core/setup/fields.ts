/**
 * SETUP_FIELDS: one row per setup field — its flag, environment variables, config key and type,
 * validator, default, wizard question and summary line. The commander options
 * (commands/shared/setup-options.ts), FLAG_OF, the config schema (schema.ts, and from it the
 * shipped JSON Schema), the flag/env/config layers, the serializer, the wizard and the resolver
 * all derive from it: adding a field is a row here plus its use. Rows are in the wizard's order
 * (which is also the order of the config file and the summary).
 *
 * Light on purpose: `--help` builds its options from this table, so it imports no zod, ipaddr.js
 * or region list (validators are named, see validators.ts CHECKS).
 */
import { KNOWN_OIDC_AUDIENCES, accountOfSpecs, callerKindsOf, callerTexts, callersEntry } from './caller.js'
import { askCaller, askExternalId } from './custom-questions.js'
import type { FieldRow, When } from './field-types.js'
import { SESSION_DURATION } from './model.js'
import { redactSecret } from '../apply/redact.js'

/** Region offered when the environment gives none: the region with the most Bedrock models. */
export const DEFAULT_WIZARD_REGION = 'us-east-1'
/**
 * Model offered by default: an active, cheap model callable from every commercial region through
 * its global profile. Not Claude 3.5 Haiku, past its end of life on 2026-06-19, nor any other
 * Legacy model (docs/aws-facts.md bedrock.lifecycle.claude-3, regions.global).
 */
export const DEFAULT_WIZARD_MODEL = 'global.anthropic.claude-haiku-4-5-20251001-v1:0'

const yesNo = (value: boolean) => (value ? 'yes' : 'no')

/** Session tags and a source identity come from roles, users and tokens (an account root caller is asked nothing). */
const callerMaySetSessionData: When = (merged) => callerKindsOf(merged.caller).some((kind) => ['oidc', 'role', 'user'].includes(kind))

export const SETUP_FIELDS = [
  {
    key: 'name',
    flag: '--name',
    kind: 'text',
    check: 'setupName',
    option: { arg: '<name>', help: 'setup name (default: <target account>-<use case or role name>)' },
    config: { type: 'setupName', describe: 'unique setup name (default: <targetAccountId>-<useCase|roleName>)' },
    summary: { label: 'Setup', value: (setup) => setup.name }
  },
  {
    key: 'caller',
    flag: '--caller',
    kind: 'caller',
    option: {
      arg: '<principal>',
      repeatable: true,
      help: 'who in A may assume the role: root | role ARN | user ARN | service:NAME.amazonaws.com | oidc:HOST (default: root); repeatable, several kinds in one trust'
    },
    config: { type: 'caller', describe: 'who in the source account may assume the role (default: root); a list for several callers in one trust' },
    prompt: { kind: 'custom', ask: (asker) => askCaller(asker) },
    summary: { label: 'Caller (account A)', value: (setup) => `${setup.sourceAccountId} · ${callerTexts(setup.callers).join(' + ')}` },
    serialize: (setup) => callersEntry(setup.callers)
  },
  {
    key: 'sourceAccountId',
    flag: '--source-account',
    kind: 'text',
    check: 'accountId',
    option: { arg: '<id>', help: 'source account A (12 digits), where the caller runs' },
    config: { type: 'accountId', describe: 'account A, where the caller runs' },
    required: { what: 'the source account id (account A, where the caller runs)', when: (specs) => accountOfSpecs(specs) === undefined },
    prompt: { kind: 'input', message: 'Source account A (12 digits, where the caller runs):' }
  },
  {
    key: 'thirdPartyCaller',
    flag: '--third-party-caller',
    kind: 'switch',
    check: 'boolean',
    option: { help: "account A is not ours (a vendor's gateway): the files and --apply create nothing there; VENDOR-HANDOFF.md says what the vendor must allow" },
    config: { type: 'boolean', describe: 'account A belongs to a third party: create nothing there, hand the vendor a note instead (default false)' },
    plain: { default: false },
    prompt: {
      kind: 'confirm',
      message: "Is account A a third party's (e.g. a vendor's gateway), so nothing may be created there?",
      default: false,
      when: (merged) => callerKindsOf(merged.caller).some((kind) => ['account', 'role', 'user'].includes(kind))
    },
    summary: { label: 'Account A', value: (setup) => (setup.thirdPartyCaller === true ? "a third party's: nothing is created there (VENDOR-HANDOFF.md)" : 'ours') }
  },
  {
    key: 'targetAccountId',
    flag: '--target-account',
    kind: 'text',
    check: 'accountId',
    option: { arg: '<id>', help: 'target account B (12 digits), where the role and Bedrock live' },
    config: { type: 'accountId', describe: 'account B, where the role and Bedrock live' },
    required: { what: 'the target account id (account B, where the role and Bedrock live; or set BEDROCK_CROSS_ACCOUNT_ROLE_ARN)', when: () => true },
    prompt: { kind: 'input', message: 'Target account B (12 digits, where the role and Bedrock live):' },
    summary: { label: 'Role (account B)', value: (setup) => `arn:${setup.partition}:iam::${setup.targetAccountId}:role${setup.rolePath}${setup.roleName}` }
  },
  {
    key: 'roleArn',
    flag: '--role-arn',
    kind: 'text',
    option: { arg: '<arn>', help: 'the access role in B (gives target account, role name and path; env: BEDROCK_CROSS_ACCOUNT_ROLE_ARN)' },
    env: ['BEDROCK_CROSS_ACCOUNT_ROLE_ARN'],
    config: { type: 'string', describe: 'the access role ARN (gives targetAccountId, roleName and rolePath)' }
  },
  {
    key: 'region',
    flag: '--region',
    kind: 'text',
    check: 'region',
    option: { global: true, arg: '<region>', help: 'the Bedrock region' },
    env: ['BEDROCK_REGION', 'AWS_REGION'],
    config: { type: 'string', describe: 'the Bedrock region the caller calls' },
    required: { what: 'the Bedrock region the caller will call (or set BEDROCK_REGION / AWS_REGION)', when: () => true },
    prompt: { kind: 'input', message: 'Bedrock region:', default: (defaults) => defaults.region ?? DEFAULT_WIZARD_REGION },
    summary: { label: 'Region', value: (setup) => setup.region }
  },
  {
    key: 'models',
    flag: '--models',
    kind: 'list',
    check: 'model',
    option: { arg: '<ids>', repeatable: true, help: 'models to allow: model ids, inference profile ids (us.…, eu.…, global.…) or application profile ARNs; comma list, repeatable' },
    config: { type: 'stringList', describe: 'model ids, inference profile ids (us., eu., apac., global.) or application inference profile ARNs' },
    required: { what: 'the models to allow (model ids or inference profile ids, comma-separated)', when: () => true },
    prompt: {
      kind: 'list',
      message: 'Models to allow (model ids or inference profile ids like us.anthropic…, comma-separated):',
      default: DEFAULT_WIZARD_MODEL,
      expected: 'model ids or inference profile ids'
    },
    summary: { label: 'Models', value: (setup) => setup.models.join(', ') }
  },
  {
    key: 'oidcAudiences',
    flag: '--oidc-audience',
    kind: 'list',
    option: { arg: '<aud>', repeatable: true, help: 'OIDC caller: allowed aud value(s); repeatable (default for GitHub: sts.amazonaws.com)' },
    configPath: 'caller.audiences',
    required: { what: 'the allowed OIDC audience(s) (aud)', when: (specs) => specs.some((spec) => spec.kind === 'oidc' && KNOWN_OIDC_AUDIENCES[spec.host] === undefined) },
    prompt: { kind: 'list', message: 'Allowed OIDC audience(s) (aud), comma-separated:', expected: 'at least one audience' }
  },
  {
    key: 'oidcSubjects',
    flag: '--oidc-subject',
    kind: 'list',
    check: 'oidcSubject',
    option: { arg: '<pattern>', repeatable: true, help: 'OIDC caller: allowed sub pattern(s), e.g. repo:my-org/my-repo:*; repeatable' },
    configPath: 'caller.subjects',
    required: { what: 'the allowed OIDC sub pattern(s), e.g. repo:my-org/my-repo:ref:refs/heads/main', when: (specs) => specs.some((spec) => spec.kind === 'oidc') },
    prompt: { kind: 'list', message: 'Allowed OIDC subject pattern(s) (sub), e.g. repo:my-org/my-repo:ref:refs/heads/main:', expected: 'at least one subject pattern' }
  },
  {
    key: 'oidcGroups',
    flag: '--oidc-group',
    kind: 'groups',
    check: 'oidcGroup',
    option: {
      arg: '<pattern>',
      repeatable: true,
      help: "OIDC caller: the token must carry one of these groups (ForAnyValue:StringLike <host>:groups); one per flag, repeatable; only if AWS exposes the provider's groups claim, else no token matches"
    },
    configPath: 'caller.groups',
    // Asked as a comma list (a name with commas, like an LDAP DN, goes through --oidc-group instead).
    prompt: {
      kind: 'list',
      message: 'Only tokens in one of these groups (groups claim; optional, comma-separated; empty = no group condition):',
      default: '',
      optional: true,
      when: (merged) => callerKindsOf(merged.caller).includes('oidc') && merged.caller !== undefined
    }
  },
  {
    key: 'useCase',
    flag: '--use-case',
    kind: 'text',
    check: 'namePart',
    option: { arg: '<name>', help: 'use case, for names like <Org>-<Layer>-<UseCase>-BedrockInvokeRole' },
    config: { type: 'namePart' },
    plain: { default: undefined },
    prompt: { kind: 'input', message: 'Use case name for resource names (optional, e.g. Chatbot):', default: '', optional: true }
  },
  {
    key: 'orgPrefix',
    flag: '--org-prefix',
    kind: 'text',
    check: 'namePart',
    option: { arg: '<name>', help: 'organisation prefix for the naming convention' },
    config: { type: 'namePart' },
    plain: { default: undefined },
    prompt: { kind: 'input', message: 'Organisation prefix for names (optional, e.g. Acme):', default: '', optional: true, when: (merged) => merged.useCase !== undefined }
  },
  {
    key: 'layer',
    flag: '--layer',
    kind: 'text',
    check: 'namePart',
    option: { arg: '<name>', help: 'naming-convention layer, e.g. Prod or Dev' },
    config: { type: 'namePart', describe: 'naming-convention layer, e.g. Prod' },
    plain: { default: undefined },
    prompt: { kind: 'input', message: 'Layer for names (optional, e.g. Prod):', default: '', optional: true, when: (merged) => merged.useCase !== undefined && merged.orgPrefix !== undefined }
  },
  {
    key: 'roleName',
    flag: '--role-name',
    kind: 'text',
    check: 'iamName',
    option: { arg: '<name>', help: 'the access role name (default: from --org-prefix/--use-case, else BedrockAccessRole)' },
    config: { type: 'string', describe: 'the access role name (default: from the naming convention, or BedrockAccessRole)' },
    prompt: { kind: 'input', message: 'Role name in account B:', default: 'BedrockAccessRole', when: (merged) => merged.useCase === undefined }
  },
  {
    key: 'rolePath',
    flag: '--role-path',
    kind: 'text',
    check: 'iamPath',
    option: { arg: '<path>', help: 'the access role path (default /)' },
    config: { type: 'string', describe: 'the access role path (default /)' },
    plain: { default: '/' }
  },
  // The partition of a given role ARN (checked against the region's); errors name the ARN's flag.
  { key: 'rolePartition', flag: '--role-arn', kind: 'text' },
  {
    key: 'permissionsPolicyName',
    flag: '--permissions-policy-name',
    kind: 'text',
    check: 'iamName',
    option: { arg: '<name>', help: "the permissions policy's name (default: from the naming convention)" },
    config: { type: 'string' }
  },
  {
    key: 'sourcePolicyName',
    flag: '--source-policy-name',
    kind: 'text',
    check: 'iamName',
    option: { arg: '<name>', help: "the source policy's name on the caller in A (default: from the naming convention)" },
    config: { type: 'string' }
  },
  {
    key: 'externalId',
    flag: '--external-id',
    kind: 'text',
    check: 'externalId',
    option: { arg: '<value>', help: 'required sts:ExternalId, or "generate" for a random one (env: BEDROCK_XACCT_EXTERNAL_ID)' },
    env: ['BEDROCK_XACCT_EXTERNAL_ID'],
    config: { type: 'externalId', describe: 'required sts:ExternalId' },
    prompt: { kind: 'custom', ask: askExternalId, when: (merged) => merged.generateExternalId === undefined },
    // Shown as its first characters and length: the summary reaches terminals and CI logs (the documents carry it only with --show-secrets or in 0600 files).
    summary: { label: 'ExternalId', value: (setup, paint) => (setup.externalId === undefined ? paint.yellow('none (any caller that knows the role ARN may assume it)') : redactSecret(setup.externalId)) },
    fromFlag: (value) => (value.trim().toLowerCase() === 'generate' ? { generateExternalId: true } : undefined)
  },
  // `--external-id generate`: a fresh random ExternalId (the resolver's injected source).
  { key: 'generateExternalId', flag: '--external-id', kind: 'switch', configPath: 'externalId' },
  {
    key: 'maxSessionDurationSeconds',
    flag: '--max-session-duration',
    kind: 'seconds',
    check: 'maxSessionDuration',
    option: { arg: '<seconds>', help: "the role's MaxSessionDuration, 3600–43200 (default 3600)" },
    config: { type: 'maxSessionDuration', describe: "the role's MaxSessionDuration, 3600–43200 (default 3600)" },
    plain: { default: SESSION_DURATION.default },
    prompt: { kind: 'input', message: 'Max session duration in seconds (3600–43200):', default: String(SESSION_DURATION.default) },
    summary: { label: 'Max session', value: (setup) => `${setup.maxSessionDurationSeconds} s` }
  },
  {
    key: 'sessionDurationSeconds',
    flag: '--session-duration',
    kind: 'seconds',
    check: 'duration',
    option: { arg: '<seconds>', help: 'DurationSeconds verify requests, ≤ max session duration (default 900)' },
    config: { type: 'duration', describe: 'DurationSeconds that verify requests (default 900)' }
  },
  {
    key: 'sourceIpCidrs',
    flag: '--source-ip',
    kind: 'list',
    check: 'cidr',
    option: { arg: '<cidr>', repeatable: true, help: 'allowed public source IP CIDR (aws:SourceIp); repeatable' },
    config: { type: 'stringList', describe: 'allowed public aws:SourceIp CIDRs' },
    prompt: { kind: 'list', message: 'Allowed public source IP CIDRs (optional, comma-separated; empty = any):', default: '', optional: true },
    summary: { label: 'Source IPs', value: (setup) => (setup.sourceIpCidrs.length > 0 ? setup.sourceIpCidrs.join(', ') : 'any') }
  },
  {
    key: 'streaming',
    flag: '--no-streaming',
    kind: 'switch',
    check: 'boolean',
    option: { help: 'do not allow InvokeModelWithResponseStream / ConverseStream', positiveHelp: 'allow InvokeModelWithResponseStream (the default)' },
    config: { type: 'boolean', describe: 'allow InvokeModelWithResponseStream (default true)' },
    plain: { default: true },
    prompt: { kind: 'confirm', message: 'Allow streaming (InvokeModelWithResponseStream / ConverseStream)?', default: true },
    summary: { label: 'Streaming', value: (setup) => yesNo(setup.streaming) }
  },
  {
    key: 'marketplace',
    flag: '--marketplace',
    kind: 'switch',
    check: 'boolean',
    option: { help: 'also allow aws-marketplace:ViewSubscriptions/Subscribe (first use of some third-party models)' },
    config: { type: 'boolean', describe: 'add aws-marketplace:ViewSubscriptions/Subscribe' },
    plain: { default: false },
    prompt: { kind: 'confirm', message: 'Add the Marketplace actions (needed on first use of some third-party models)?', default: false },
    summary: { label: 'Marketplace', value: (setup) => yesNo(setup.marketplace) }
  },
  {
    key: 'cloudTrailLookup',
    flag: '--cloudtrail-lookup',
    kind: 'switch',
    check: 'boolean',
    option: { help: "also allow cloudtrail:LookupEvents so verify can read B's trail through the role" },
    config: { type: 'boolean', describe: 'allow cloudtrail:LookupEvents so verify can read the trail through the role' },
    plain: { default: false },
    prompt: { kind: 'confirm', message: "Allow cloudtrail:LookupEvents so verify can read B's trail through the role?", default: false },
    summary: { label: 'CloudTrail lookup', value: (setup) => yesNo(setup.cloudTrailLookup) }
  },
  {
    key: 'allowSessionTags',
    flag: '--allow-session-tags',
    kind: 'switch',
    check: 'boolean',
    option: { help: "also allow sts:TagSession, for callers that pass session tags (GitHub's configure-aws-credentials does by default; env: BEDROCK_XACCT_ALLOW_SESSION_TAGS)" },
    env: ['BEDROCK_XACCT_ALLOW_SESSION_TAGS'],
    config: { type: 'boolean', describe: 'allow sts:TagSession with the assume action, for callers that pass session tags (default false)' },
    plain: { default: false },
    prompt: {
      kind: 'confirm',
      message: "Does the caller tag its sessions (GitHub's configure-aws-credentials does by default)?",
      default: false,
      when: callerMaySetSessionData
    },
    summary: { label: 'Session tags', value: (setup) => yesNo(setup.allowSessionTags === true) }
  },
  {
    key: 'allowSourceIdentity',
    flag: '--allow-source-identity',
    kind: 'switch',
    check: 'boolean',
    option: { help: 'also allow sts:SetSourceIdentity, for callers whose session carries a source identity (it sticks through role chaining; env: BEDROCK_XACCT_ALLOW_SOURCE_IDENTITY)' },
    env: ['BEDROCK_XACCT_ALLOW_SOURCE_IDENTITY'],
    config: { type: 'boolean', describe: 'allow sts:SetSourceIdentity with the assume action, for callers whose session carries a source identity (default false)' },
    plain: { default: false },
    prompt: {
      kind: 'confirm',
      message: 'Does the caller set a source identity, or reach this role from a session that has one (role chaining)?',
      default: false,
      when: callerMaySetSessionData
    },
    summary: { label: 'Source identity', value: (setup) => yesNo(setup.allowSourceIdentity === true) }
  },
  // Asking for `sts:DurationSeconds` in the trust policy: always refused, with the reason.
  {
    key: 'durationCondition',
    flag: '--duration-condition',
    kind: 'any',
    option: { arg: '[seconds]', hidden: true, help: 'refused: sts:DurationSeconds in a trust policy never matches' }
  }
] as const satisfies readonly FieldRow[]

export type FieldTable = typeof SETUP_FIELDS
export type SetupFieldRow = FieldTable[number]
