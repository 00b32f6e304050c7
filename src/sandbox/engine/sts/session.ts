/**
 * What AssumeRole and AssumeRoleWithWebIdentity share: the role ARN's format, the session policy
 * check, the duration rules (MaxSessionDuration, the 1-hour role-chaining cap, with AWS's
 * wording) and the API shape of the credentials they return.
 */
import { ASSUME_ROLE_DURATION_SECONDS, ROLE_CHAINING_MAX_SECONDS, SESSION_TAGS } from '../../../core/aws-limits.js'
import type { PolicyDocument } from '../../../core/evaluate.js'
import type { Params } from '../params.js'
import { constraintError, validationError } from '../params.js'
import { parsePolicyText } from '../policy-validate.js'
import type { RoleRecord, SessionRecord } from '../records.js'
import type { ApiOutput } from '../types.js'

export const ROLE_ARN_PATTERN = { regex: /^arn:aws:iam::\d{12}:role(\/[\x21-\x7e]+)?\/[\w+=,.@-]+$/, text: 'arn:aws:iam::\\d{12}:role/[\\w+=,.@-]+' }

/** The session policy passed as `Policy`, validated as AWS does. */
export function sessionPolicyOf(params: Params): PolicyDocument | undefined {
  const text = params.optional('Policy')
  if (text === undefined) return undefined
  params.checked('Policy', text, 1, 2048)
  return parsePolicyText(text)
}

/** How botocore prints tagKeyType / tagValueType's pattern in a constraint error. */
const TAG_PATTERN_TEXT = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]'

/**
 * The session tags and transitive tag keys of an AssumeRole request, checked against STS's limits
 * (docs/aws-facts.md sts.tags.limits). Transitive keys are validated only: the sandbox does not
 * carry tags down a role chain (docs/aws-facts.md sts.transitive-tags).
 */
export function sessionTagsOf(params: Params): { Key: string; Value: string }[] {
  const tags = params.tags()
  // AWS prints the list itself as the value; the sandbox names its size instead.
  if (tags.length > SESSION_TAGS.maxTags) throw constraintError('Tags', `[${tags.length} tags]`, `Member must have length less than or equal to ${SESSION_TAGS.maxTags}`)
  tags.forEach((tag, i) => {
    params.checked(`tags.${i + 1}.member.key`, tag.Key, SESSION_TAGS.key.minLength, SESSION_TAGS.key.maxLength, { regex: SESSION_TAGS.key.pattern, text: `${TAG_PATTERN_TEXT}+` })
    params.checked(`tags.${i + 1}.member.value`, tag.Value, SESSION_TAGS.value.minLength, SESSION_TAGS.value.maxLength, { regex: SESSION_TAGS.value.pattern, text: `${TAG_PATTERN_TEXT}*` })
  })
  const transitive = params.list('TransitiveTagKeys')
  if (transitive.length > SESSION_TAGS.maxTags) throw constraintError('TransitiveTagKeys', `[${transitive.length} keys]`, `Member must have length less than or equal to ${SESSION_TAGS.maxTags}`)
  transitive.forEach((key, i) => params.checked(`transitiveTagKeys.${i + 1}.member`, key, SESSION_TAGS.key.minLength, SESSION_TAGS.key.maxLength, { regex: SESSION_TAGS.key.pattern, text: `${TAG_PATTERN_TEXT}+` }))
  return tags
}

/**
 * The requested duration, checked against role chaining and the role's MaxSessionDuration, with
 * AWS's exact ValidationError wording (DESIGN §4).
 */
export function sessionDuration(params: Params, role: RoleRecord, chaining: boolean): number {
  const requested = params.integer('DurationSeconds', ASSUME_ROLE_DURATION_SECONDS.min, ASSUME_ROLE_DURATION_SECONDS.max)
  if (chaining && requested !== undefined && requested > ROLE_CHAINING_MAX_SECONDS) {
    throw validationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.')
  }
  if (requested !== undefined && requested > role.maxSessionDuration) {
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')
  }
  return requested ?? ASSUME_ROLE_DURATION_SECONDS.default
}

/** The `Credentials` and `AssumedRoleUser` members of an AssumeRole* result. */
export function credentialsOutput(session: SessionRecord): ApiOutput {
  return {
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: session.expiresAt
    },
    AssumedRoleUser: { AssumedRoleId: session.principalId, Arn: session.arn }
  }
}
