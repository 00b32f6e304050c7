/**
 * Principal ARNs as AWS evaluates them: an assumed-role session's policies are its role's, so
 * SimulatePrincipalPolicy and the trust evaluation take the role ARN for a session.
 */

/** `arn:aws:sts::A:assumed-role/R/S` → `arn:aws:iam::A:role/R`; anything else unchanged. */
export function callerPrincipalArn(arn: string): string {
  const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn)
  return match ? `arn:${match[1]}:iam::${match[2]}:role/${match[3]}` : arn
}

export function isAssumedRoleSession(arn: string): boolean {
  return /^arn:[^:]+:sts::\d{12}:assumed-role\//.test(arn)
}

/** The session ARN AssumeRole returns for a role and session name (path dropped, as AWS does). */
export function sessionArnOf(roleArn: string, sessionName: string): string {
  const match = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn)
  return match ? `arn:${match[1]}:sts::${match[2]}:assumed-role/${match[3]}/${sessionName}` : roleArn
}
