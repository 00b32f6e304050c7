/**
 * Evidence text for statement traces: a failing (or matching) condition with the policy's values
 * next to the request's, and where a statement sits. explain's report and verify's hints quote the
 * same sentences, so the two tools name a failure the same way.
 */
import type { FailedCondition, StatementTrace } from './types.js'

export interface DescribeOptions {
  /**
   * Never print an `sts:ExternalId` value (verify may not print the trust's ExternalId; its
   * reporters redact only the setup's). explain prints them and redacts its output as a whole.
   */
  hideExternalIds?: boolean | undefined
}

const isExternalIdKey = (key: string) => key.toLowerCase() === 'sts:externalid'

/** `StringEquals sts:ExternalId: policy wants "a", request has "b"`. */
export function describeCondition(c: FailedCondition, options: DescribeOptions = {}): string {
  if (options.hideExternalIds && isExternalIdKey(c.key)) {
    const got = c.requestValue === undefined ? '(absent)' : 'another value'
    return `${c.operator} ${c.key}: policy wants the ExternalId the trust policy holds, request has ${got}`
  }
  const wanted = c.policyValues.length === 1 ? `"${c.policyValues[0]}"` : `one of ${c.policyValues.map((v) => `"${v}"`).join(', ')}`
  const got = c.neverSet ? 'never set by AWS for this action' : c.requestValue === undefined ? '(absent)' : `"${c.requestValue}"`
  return `${c.operator} ${c.key}: policy wants ${wanted}, request has ${got}`
}

/** `trust policy statement BedrockXacctTrust`: the policy and the statement's Sid (or `#n`). */
export function statementWhere(t: StatementTrace): string {
  return `${t.policy} statement ${t.statement}`
}
