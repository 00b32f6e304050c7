/**
 * explain's options (from commander) and their translation into diagnosis answers, validated:
 * a bad value is one line naming the flag, exit 2.
 */
import { invalidInput } from '../../core/errors.js'
import { parseModelRef } from '../../core/models.js'
import { isKnownRegion } from '../../core/regions.js'
import { checkSentExternalId, must } from '../../core/setup/validators.js'
import type { Answers } from '../../core/diagnose/types.js'
import { isIp } from '../../core/ip.js'

export interface ExplainOptions {
  /** The message words (commander's variadic argument), joined with spaces. */
  args?: unknown[]
  message?: string
  side?: 'source' | 'target'
  /** A value, or false for `--no-external-id`. */
  externalId?: string | false
  sourceIp?: string
  viaVpcEndpoint?: boolean
  chained?: boolean
  inferenceProfile?: string
  roleArn?: string
  sourceAccount?: string
  trust?: string
  identity?: string[]
  permissions?: string[]
  scp?: string[]
  boundary?: string
  sessionPolicy?: string
  fetch?: boolean
  targetProfile?: string
  fromTrail?: boolean
  since?: string
  /** Print ExternalIds in full (default: redacted wherever they appear). */
  showSecrets?: boolean
  /** Tests inject stdin; default: process.stdin when it is not a terminal. */
  readStdin?: () => Promise<string | undefined>
}

/** Answers from flags (and the global --region), validated. */
export function answersFromOptions(options: ExplainOptions, region: string | undefined): Answers {
  const answers: Answers = {}
  if (options.side !== undefined) {
    if (options.side !== 'source' && options.side !== 'target') throw invalidInput('--side', options.side, '"source" or "target"')
    answers.side = options.side
  }
  if (options.externalId === false) answers.externalIdPassed = false
  else if (typeof options.externalId === 'string') {
    const check = checkSentExternalId(options.externalId)
    if (!check.ok) {
      must('--external-id', options.externalId, check, 'STS refuses such an ExternalId at AssumeRole (ValidationError): if that is the error to explain, this is its cause.')
    }
    answers.externalIdPassed = true
    answers.externalId = options.externalId
  }
  if (options.sourceIp !== undefined) {
    if (!isIp(options.sourceIp)) throw invalidInput('--source-ip', options.sourceIp, "an IPv4 or IPv6 address (CloudTrail's sourceIPAddress)")
    answers.sourceIp = options.sourceIp
  }
  if (options.viaVpcEndpoint !== undefined) answers.viaVpcEndpoint = options.viaVpcEndpoint
  if (options.chained !== undefined) answers.chained = options.chained
  if (options.inferenceProfile !== undefined) {
    const kind = parseModelRef(options.inferenceProfile.trim())?.kind
    if (kind !== 'system-profile' && kind !== 'application-profile') {
      throw invalidInput('--inference-profile', options.inferenceProfile, 'an inference profile id (us.…, eu.…, apac.…, global.…) or an application inference profile ARN')
    }
    answers.inferenceProfile = options.inferenceProfile
  }
  if (options.roleArn !== undefined) {
    if (!/^arn:[\w-]+:iam::(\d{12})?:role\//.test(options.roleArn)) throw invalidInput('--role-arn', options.roleArn, 'an IAM role ARN like arn:aws:iam::222222222222:role/BedrockAccessRole')
    answers.roleArn = options.roleArn
  }
  if (options.sourceAccount !== undefined) {
    if (!/^\d{12}$/.test(options.sourceAccount)) throw invalidInput('--source-account', options.sourceAccount, 'a 12-digit AWS account id')
    answers.sourceAccountId = options.sourceAccount
  }
  if (region !== undefined) {
    if (!isKnownRegion(region)) throw invalidInput('--region', region, 'an AWS region such as us-east-1')
    answers.region = region
  }
  return answers
}
