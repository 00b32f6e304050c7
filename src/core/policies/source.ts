/**
 * The caller's source policy in A: `sts:AssumeRole` (and `sts:TagSession` when asked) on exactly the access role. A
 * cross-account AssumeRole needs both this and the role's trust policy (DESIGN §6 Authorization).
 */
import type { PolicyDocument } from '../evaluate.js'
import { POLICY_VERSION, STATEMENT_IDS } from './statement-ids.js'

/**
 * The caller's policy in A: one `BedrockXacctAssumeRole` statement on the role ARN, with
 * `sts:TagSession` too when the caller passes session tags (a cross-account request needs it
 * allowed on both sides).
 */
export function buildSourcePolicy(roleArn: string, allowSessionTags = false): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [{ Sid: STATEMENT_IDS.assume, Effect: 'Allow', Action: allowSessionTags ? ['sts:AssumeRole', 'sts:TagSession'] : 'sts:AssumeRole', Resource: roleArn }]
  }
}
