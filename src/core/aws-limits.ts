/**
 * AWS's limits and formats that the tool, its checks, its fixes and the sandbox rely on, each
 * defined once with its source (STYLE habit 16). A limit changes here and nowhere else; the
 * sandbox enforces exactly these. docs/aws-facts.md lists them with the tests that pin them.
 */

/**
 * `sts:ExternalId` as STS accepts it: 2–1,224 characters of `[\w+=,.@:/-]` (`\w` without the `u`
 * flag is ASCII only). Whether the IAM console accepts other values has no public source
 * (docs/aws-facts.md sts.external-id.console-spaces), so the tool does not say so.
 * Source: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (ExternalId).
 */
export const EXTERNAL_ID = { minLength: 2, maxLength: 1224, pattern: /^[\w+=,.@:/-]{2,1224}$/ } as const

/**
 * Role chaining (assumed-role credentials assuming another role) caps a session at one hour,
 * whatever the role's MaxSessionDuration.
 * Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html (role chaining).
 */
export const ROLE_CHAINING_MAX_SECONDS = 3_600

/**
 * A role's MaxSessionDuration: 3,600–43,200 s; 3,600 when not given.
 * Source: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (MaxSessionDuration).
 */
export const ROLE_MAX_SESSION_SECONDS = { min: 3_600, max: 43_200, default: 3_600 } as const

/**
 * AssumeRole's DurationSeconds: 900 s up to the role's MaxSessionDuration (43,200 at most); 3,600
 * when not given.
 * Source: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (DurationSeconds).
 */
export const ASSUME_ROLE_DURATION_SECONDS = { min: 900, max: 43_200, default: 3_600 } as const

/**
 * RoleSessionName: 2–64 characters of `[\w+=,.@-]`.
 * Source: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (RoleSessionName).
 */
export const ROLE_SESSION_NAME = { minLength: 2, maxLength: 64, pattern: /^[\w+=,.@-]{2,64}$/ } as const

/**
 * An IAM tag: key 1–128 and value 0–256 characters of letters, digits, spaces and `_ . : / = + - @`
 * (a comma is not allowed); at most 50 tags on a role.
 * Source: botocore:iam `tagKeyType`, `tagValueType`, `tagListType` (max 50);
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html.
 */
export const IAM_TAG = { keyMax: 128, valueMax: 256, perRole: 50, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u } as const

/**
 * Tag keys one UntagRole call removes at most (`TagKeys.member.N`: "Maximum number of 50 items";
 * botocore's `tagKeyListType` has `max: 50`). A restore removing more splits them into several calls.
 * Source: https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagRole.html (TagKeys).
 */
export const UNTAG_ROLE_MAX_KEYS = 50

/**
 * Session tags passed to AssumeRole (`Tags`, `TransitiveTagKeys`): at most 50 of each; a key is
 * 1–128 characters of letters, spaces, digits and `_.:/=+-@`, a value 0–256 of the same
 * (docs/aws-facts.md sts.tags.limits). Source: botocore:sts `tagListType`, `tagKeyListType`,
 * `tagKeyType`, `tagValueType`; https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (Tags).
 */
export const SESSION_TAGS = {
  maxTags: 50,
  key: { minLength: 1, maxLength: 128, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u },
  value: { minLength: 0, maxLength: 256, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u }
} as const

/** Seconds in whole hours, for messages that state a limit in hours ("capped at 1 hour"). */
export function hoursOf(seconds: number): number {
  return seconds / 3_600
}

/**
 * The shortest ExternalId the tool accepts for a setup, stricter than STS's 2: the value is redacted
 * from every output by finding it in the text, and a short one (`id`, `ss`) also occurs inside words
 * and keys that are not secret (issue 17). A random ExternalId (`--external-id generate`) has 36.
 */
export const EXTERNAL_ID_MIN_REDACTABLE_LENGTH = 8
