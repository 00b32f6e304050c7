/**
 * IAM returns policy documents URL-encoded (RFC 3986) in GetRole, GetRolePolicy, GetUserPolicy,
 * GetPolicyVersion and CreateRole; the SDK does not decode them (DESIGN §7). Some local
 * stand-ins return raw JSON, so a document that already starts as JSON is parsed as is.
 */
import type { PolicyDocument } from '../core/evaluate.js'

/** Decode and parse an IAM policy document; undefined when it is not a JSON policy object. */
export function decodePolicyDocument(text: string): PolicyDocument | undefined {
  const trimmed = text.trim()
  let json: string
  try {
    json = trimmed.startsWith('{') ? trimmed : decodeURIComponent(trimmed)
  } catch {
    return undefined
  }
  try {
    const parsed: unknown = JSON.parse(json)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
    if (!('Statement' in parsed)) return undefined
    return parsed as PolicyDocument
  } catch {
    return undefined
  }
}

/** The document as IAM wants it in a request: compact JSON (the size quota counts every byte). */
export function encodePolicyDocument(document: PolicyDocument): string {
  return JSON.stringify(document)
}
