/**
 * The caller's source policy in A: `sts:AssumeRole` (and the session actions asked for) on exactly the access role. A
 * cross-account AssumeRole needs both this and the role's trust policy (DESIGN §6 Authorization).
 */
import type { PolicyDocument } from '../evaluate.js'
import { POLICY_VERSION, STATEMENT_IDS } from './statement-ids.js'

/**
 * The caller's policy in A: one `BedrockXacctAssumeRole` statement on the role ARN, with the
 * session actions (`sts:TagSession`, `sts:SetSourceIdentity`) the caller needs: a cross-account
 * request needs them allowed on both sides (docs/aws-facts.md sts.set-source-identity.required).
 */
export function buildSourcePolicy(roleArn: string, sessionActions: readonly string[] = []): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [{ Sid: STATEMENT_IDS.assume, Effect: 'Allow', Action: sessionActions.length > 0 ? ['sts:AssumeRole', ...sessionActions] : 'sts:AssumeRole', Resource: roleArn }]
  }
}
