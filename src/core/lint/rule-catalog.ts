/**
 * One row per lint rule: the stable id (never renamed: suppressions files and code-scanning alerts
 * key on it), its default severity, a one-line title and the help text that says what goes wrong
 * and how to fix it. Each finding carries its own concrete fix; this is the rule's general one.
 * SARIF's `tool.driver.rules` is built from this table, and
 * a finding's `rule` is typed by it, so a rule cannot exist without its row.
 */

export interface LintRuleInfo {
  /** Severity of most findings (some rules raise or lower it per finding; the finding wins). */
  severity: 'error' | 'warning'
  /** Short description: what the rule flags. */
  title: string
  /** Why it matters and the general fix (plain text, also rendered as SARIF's help). */
  help: string
}

export const LINT_RULES = {
  'duration-seconds-condition': {
    severity: 'error',
    title: 'sts:DurationSeconds condition in a trust policy',
    help: "AssumeRole never sets sts:DurationSeconds, so a condition on it never matches (plain operators) or always matches (…IfExists). Remove it and limit sessions with the role's MaxSessionDuration (3600 to 43200 seconds)."
  },
  'principal-wildcard': {
    severity: 'error',
    title: 'Principal "*" in an Allow statement',
    help: 'Any AWS principal in any account may try the statement; only its conditions protect the role. Name the caller account or role ARN and keep an sts:ExternalId condition.'
  },
  'not-principal-allow': {
    severity: 'error',
    title: 'NotPrincipal with Allow',
    help: 'Allow with NotPrincipal grants every principal but those listed, anonymous ones included. Use Principal listing exactly who may assume the role.'
  },
  'root-trust-without-external-id': {
    severity: 'warning',
    title: 'Whole account trusted without an ExternalId',
    help: 'Any principal of the trusted account whose own policy allows sts:AssumeRole can assume the role, and a role that does not require an ExternalId accepts any (confused deputy). Require sts:ExternalId.'
  },
  'external-id-format': {
    severity: 'error',
    title: 'sts:ExternalId value STS cannot send',
    help: 'STS accepts 2 to 1224 characters of letters, digits and +=,.@:/-_ only, so a condition on another value never matches. Use a UUID and give the caller the same value.'
  },
  'oidc-without-sub': {
    severity: 'error',
    title: 'OIDC trust without a sub condition',
    help: 'Every token the identity provider issues (for GitHub Actions, any repository of anyone) can assume the role. Add a <provider>:sub condition naming your workloads.'
  },
  'oidc-sub-wildcard': {
    severity: 'error',
    title: 'OIDC sub condition of "*"',
    help: 'A sub of "*" admits every subject the provider issues tokens for. Narrow it to your repositories or workloads.'
  },
  'oidc-without-aud': {
    severity: 'warning',
    title: 'OIDC trust without an aud condition',
    help: 'Tokens minted for other audiences are accepted too. Add a <provider>:aud condition (sts.amazonaws.com for GitHub Actions).'
  },
  'trust-action-wildcard': {
    severity: 'warning',
    title: 'Wildcard action in a trust policy',
    help: '"*" or "sts:*" also grants sts:TagSession, sts:SetSourceIdentity and the other assume variants. List only sts:AssumeRole (or sts:AssumeRoleWithWebIdentity).'
  },
  'session-action-behind-external-id': {
    severity: 'warning',
    title: 'sts:TagSession or sts:SetSourceIdentity only behind sts:ExternalId',
    help: "No AWS source shows the ExternalId reaching these permissions-only actions; AWS's session-tags example grants them in a statement of their own. Give them their own statement for the same principal, without the ExternalId."
  },
  'service-trust-without-source-guard': {
    severity: 'warning',
    title: 'Service principal trusted without aws:SourceAccount or aws:SourceArn',
    help: 'The service may assume the role while acting for any AWS account (confused deputy). Add an aws:SourceAccount or aws:SourceArn condition.'
  },
  'assume-role-resource-wildcard': {
    severity: 'warning',
    title: 'sts:AssumeRole on every role',
    help: 'The caller may assume any role, in any account, whose trust policy admits it. Set Resource to exactly the access role ARN.'
  },
  'source-ip-wildcard': {
    severity: 'error',
    title: 'aws:SourceIp condition that matches every address (or none)',
    help: '0.0.0.0/0, ::/0 or "*" restrict nothing in an IpAddress condition and exclude everything in NotIpAddress. List the public CIDRs your callers use, or remove the condition.'
  },
  'source-ip-invalid': {
    severity: 'error',
    title: 'aws:SourceIp value that is not an address or CIDR',
    help: 'A value that is not an IPv4/IPv6 address or CIDR never matches. Write a CIDR such as 203.0.113.0/24.'
  },
  'source-ip-private': {
    severity: 'error',
    title: 'Private or non-public range in aws:SourceIp',
    help: 'aws:SourceIp only ever holds the public address AWS sees, and requests through a VPC endpoint carry none. Use aws:SourceVpce, aws:SourceVpc or aws:VpcSourceIp for private networks.'
  },
  'source-ip-deny-blocks-services': {
    severity: 'warning',
    title: 'aws:SourceIp Deny that also blocks AWS services',
    help: 'Calls AWS services make on your behalf come from AWS addresses. Add "Bool": { "aws:ViaAWSService": "false" } to the Deny.'
  },
  'bedrock-resource-wildcard': {
    severity: 'warning',
    title: 'Bedrock access on every model',
    help: 'Resource "*" (or a model wildcard) lets the role invoke every model in every region. List the model ARNs the use case needs; bedrock-xacct init generates them.'
  },
  'allow-not-action': {
    severity: 'warning',
    title: 'Allow with NotAction',
    help: 'Allow with NotAction grants every other action, including ones AWS adds later. List the actions the role needs.'
  },
  'inference-profile-incomplete': {
    severity: 'error',
    title: 'Inference profile granted without all its ARNs',
    help: 'Calling a cross-region inference profile needs the profile ARN and the foundation-model ARN in every destination region. Add the missing ARNs.'
  },
  'model-not-granted': {
    severity: 'error',
    title: 'A configured model is not granted',
    help: "InvokeModel on a model the policy does not grant fails with AccessDenied. Add its ARN (or its inference profile's ARNs)."
  },
  'application-profile-models': {
    severity: 'warning',
    title: 'Application inference profile without its foundation models',
    help: 'Calls through an application inference profile are also authorized against its underlying foundation models. Add their ARNs (aws bedrock get-inference-profile lists them).'
  },
  'requested-region-lock': {
    severity: 'warning',
    title: 'aws:RequestedRegion lock with cross-region inference',
    help: 'Routed requests are authorized in their destination regions too, so a region lock can deny them there. Allow every destination region (and "unspecified" for global profiles).'
  },
  'policy-version': {
    severity: 'warning',
    title: 'Policy Version missing or old',
    help: 'Without "Version": "2012-10-17", policy variables such as ${aws:username} are taken literally. Add it at the top of the document.'
  }
} as const satisfies Record<string, LintRuleInfo>

/** A stable lint rule id. */
export type LintRuleId = keyof typeof LINT_RULES

export function isLintRuleId(value: string): value is LintRuleId {
  return Object.hasOwn(LINT_RULES, value)
}
