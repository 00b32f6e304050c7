/**
 * Reading an operation's input (STS, IAM) with AWS's validation wording:
 * `1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: …`.
 * The input is the API's structure (lists as arrays, tags as `{Key, Value}` objects), decoded from
 * the query protocol by the wire layer or built directly by MemoryAws; the checks live here so both
 * get the same errors in the same order.
 */
import { EXTERNAL_ID, ROLE_SESSION_NAME } from '../../core/aws-limits.js'
import { SandboxAwsError, type ApiValue } from './types.js'

/** An operation's input members by their API names (`RoleName`, `Tags`, `DurationSeconds`, …). */
export type OperationInput = Record<string, ApiValue>

/** The member name as AWS quotes it: lower camel case (`RoleSessionName` → `roleSessionName`). */
const memberName = (param: string) => param.charAt(0).toLowerCase() + param.slice(1)

export function validationError(message: string): SandboxAwsError {
  return new SandboxAwsError('ValidationError', message, 400)
}

export function constraintError(param: string, value: string | null, constraint: string): SandboxAwsError {
  const shown = value === null ? 'null' : `'${value}'`
  return validationError(`1 validation error detected: Value ${shown} at '${memberName(param)}' failed to satisfy constraint: ${constraint}`)
}

/** A scalar member as the query protocol carries it (text); lists and structures are not scalars. */
function scalar(value: ApiValue): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

/** The items of a list member up to its first gap (the query protocol's `member.N` numbering). */
function items(value: ApiValue): ApiValue[] {
  if (!Array.isArray(value)) return []
  const result: ApiValue[] = []
  for (let i = 0; i < value.length && value[i] !== undefined; i++) result.push(value[i])
  return result
}

export class Params {
  constructor(readonly input: OperationInput) {}

  optional(name: string): string | undefined {
    return scalar(this.input[name])
  }

  required(name: string): string {
    const value = this.optional(name)
    if (value === undefined) throw constraintError(name, null, 'Member must not be null')
    return value
  }

  /** A string with AWS's length and pattern constraints (pattern as AWS prints it). */
  checked(name: string, value: string, min: number, max: number, pattern?: { regex: RegExp; text: string }): string {
    if (value.length < min) throw constraintError(name, value, `Member must have length greater than or equal to ${min}`)
    if (value.length > max) throw constraintError(name, value, `Member must have length less than or equal to ${max}`)
    if (pattern && !pattern.regex.test(value)) throw constraintError(name, value, `Member must satisfy regular expression pattern: ${pattern.text}`)
    return value
  }

  integer(name: string, min: number, max: number): number | undefined {
    const text = this.optional(name)
    if (text === undefined) return undefined
    if (!/^-?\d+$/.test(text)) throw constraintError(name, text, 'Member must be an integer')
    const value = Number(text)
    if (value < min) throw constraintError(name, text, `Member must have value greater than or equal to ${min}`)
    if (value > max) throw constraintError(name, text, `Member must have value less than or equal to ${max}`)
    return value
  }

  /** A list of strings, in order. */
  list(name: string): string[] {
    const values: string[] = []
    for (const item of items(this.input[name])) {
      const value = scalar(item)
      if (value === undefined) return values
      values.push(value)
    }
    return values
  }

  /** A list of structures (e.g. SimulatePrincipalPolicy's ContextEntries), each read with Params. */
  structures(name: string): Params[] {
    const result: Params[] = []
    for (const item of items(this.input[name])) {
      if (item === null || typeof item !== 'object' || Array.isArray(item) || item instanceof Date) return result
      result.push(new Params(item))
    }
    return result
  }

  /** `Tags`: `{Key, Value}` structures. */
  tags(name = 'Tags'): { Key: string; Value: string }[] {
    const tags: { Key: string; Value: string }[] = []
    for (const tag of this.structures(name)) {
      const key = tag.optional('Key')
      if (key === undefined) return tags
      tags.push({ Key: key, Value: tag.optional('Value') ?? '' })
    }
    return tags
  }
}

/**
 * Patterns as AWS prints them in constraint errors. The ExternalId and session-name regexes are
 * aws-limits.ts's own; they carry the length bounds, which `checked` tests first with the same
 * limits, so only the characters can fail here.
 */
export const PATTERNS = {
  sessionName: { regex: ROLE_SESSION_NAME.pattern, text: '[\\w+=,.@-]*' },
  externalId: { regex: EXTERNAL_ID.pattern, text: '[\\w+=,.@:\\/-]*' },
  iamName: { regex: /^[\w+=,.@-]+$/, text: '[\\w+=,.@-]+' },
  path: { regex: /^(\/|\/[\x21-\x7e]+\/)$/, text: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' },
  /** IAM's `policyPathType`: a managed policy's path is narrower than a role's (docs/aws-facts.md iam.policy-path.pattern). */
  policyPath: { regex: /^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/, text: '((/[A-Za-z0-9\\.,\\+@=_-]+)*)/' },
  /** IAM's `policyDocumentType` (trust, inline and managed documents; docs/aws-facts.md iam.policy-document.charset). */
  policyDocument: { regex: /^[\t\n\r\x20-\xff]+$/, text: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' },
  /** IAM's `roleDescriptionType` (docs/aws-facts.md iam.role-description.limit). */
  roleDescription: { regex: /^[\t\n\r\x20-\x7e\xa1-\xff]*$/, text: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*' },
  /** IAM's `markerType` (paging markers). */
  marker: { regex: /^[\x20-\xff]+$/, text: '[\\u0020-\\u00FF]+' }
} as const
