/**
 * The caller's source policy in A: `sts:AssumeRole` on exactly the access role, nothing else. A
 * cross-account AssumeRole needs both this and the role's trust policy (DESIGN §6 Authorization).
 */
import type { PolicyDocument } from '../evaluate.js'
import { POLICY_VERSION, STATEMENT_IDS } from './statement-ids.js'

/** The caller's policy in A: one `BedrockXacctAssumeRole` statement on the role ARN. */
export function buildSourcePolicy(roleArn: string): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [{ Sid: STATEMENT_IDS.assume, Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }]
  }
}
