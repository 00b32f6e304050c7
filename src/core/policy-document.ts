/**
 * Reading IAM policy documents as IAM does: `Statement` may be one object or a list. The one
 * helper for it (the sandbox, verify, apply and the tests used to carry a copy each).
 */
import type { PolicyDocument, PolicyStatement } from './evaluate.js'

/** The statements of a document as a list; none for an absent document or one without `Statement`. */
export function statementsOf(document: PolicyDocument | undefined): PolicyStatement[] {
  if (!document) return []
  const statement = document.Statement as PolicyStatement | PolicyStatement[] | undefined
  if (statement === undefined) return []
  return Array.isArray(statement) ? statement : [statement]
}
