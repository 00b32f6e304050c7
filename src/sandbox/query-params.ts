/**
 * Reading query-protocol parameters (STS, IAM) with AWS's validation wording:
 * `1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: …`.
 */
import { SandboxAwsError } from './contract.js'

/** The member name as AWS quotes it: lower camel case (`RoleSessionName` → `roleSessionName`). */
const memberName = (param: string) => param.charAt(0).toLowerCase() + param.slice(1)

export function validationError(message: string): SandboxAwsError {
  return new SandboxAwsError('ValidationError', message, 400)
}

export function constraintError(param: string, value: string | null, constraint: string): SandboxAwsError {
  const shown = value === null ? 'null' : `'${value}'`
  return validationError(`1 validation error detected: Value ${shown} at '${memberName(param)}' failed to satisfy constraint: ${constraint}`)
}

export class QueryParams {
  constructor(readonly params: URLSearchParams) {}

  optional(name: string): string | undefined {
    return this.params.get(name) ?? undefined
  }

  required(name: string): string {
    const value = this.params.get(name)
    if (value === null) throw constraintError(name, null, 'Member must not be null')
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
    const text = this.params.get(name)
    if (text === null) return undefined
    if (!/^-?\d+$/.test(text)) throw constraintError(name, text, 'Member must be an integer')
    const value = Number(text)
    if (value < min) throw constraintError(name, text, `Member must have value greater than or equal to ${min}`)
    if (value > max) throw constraintError(name, text, `Member must have value less than or equal to ${max}`)
    return value
  }

  /** `Name.member.1`, `Name.member.2`, … in order. */
  list(name: string): string[] {
    const values: string[] = []
    for (let i = 1; ; i++) {
      const value = this.params.get(`${name}.member.${i}`)
      if (value === null) return values
      values.push(value)
    }
  }

  /** `Tags.member.N.Key` / `.Value`. */
  tags(name = 'Tags'): { Key: string; Value: string }[] {
    const tags: { Key: string; Value: string }[] = []
    for (let i = 1; ; i++) {
      const key = this.params.get(`${name}.member.${i}.Key`)
      if (key === null) return tags
      tags.push({ Key: key, Value: this.params.get(`${name}.member.${i}.Value`) ?? '' })
    }
  }
}

export const PATTERNS = {
  sessionName: { regex: /^[\w+=,.@-]*$/, text: '[\\w+=,.@-]*' },
  externalId: { regex: /^[\w+=,.@:/-]*$/, text: '[\\w+=,.@:\\/-]*' },
  iamName: { regex: /^[\w+=,.@-]+$/, text: '[\\w+=,.@-]+' },
  path: { regex: /^(\/|\/[\x21-\x7e]+\/)$/, text: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' },
  /** IAM's `markerType` (paging markers). */
  marker: { regex: /^[\x20-\xff]+$/, text: '[\\u0020-\\u00FF]+' }
} as const
