/**
 * Read the policy files given with --trust, --identity, --permissions, --scp, --boundary and
 * --session-policy. Each must be an IAM policy document (or a GetRole/GetPolicyVersion-style JSON
 * that holds one); a bad file is one line naming the flag and the file, exit 2.
 */
import { basename } from 'node:path'
import { invalidInput } from '../../core/errors.js'
import type { NamedPolicy, PolicyDocument } from '../../core/evaluate.js'
import type { PolicySet } from '../../core/diagnose/types.js'
import { readInputFile } from '../../ui/files.js'
import type { ExplainOptions } from './options.js'

/** IAM's largest policy (managed policy, 6,144 chars) many times over; a bigger file is a mistake. */
const MAX_POLICY_FILE_BYTES = 1_000_000

function isPolicyDocument(value: unknown): value is PolicyDocument {
  if (typeof value !== 'object' || value === null) return false
  const statement = (value as { Statement?: unknown }).Statement
  const statements = Array.isArray(statement) ? statement : [statement]
  return statement !== undefined && statements.every((s) => typeof s === 'object' && s !== null && ((s as { Effect?: unknown }).Effect === 'Allow' || (s as { Effect?: unknown }).Effect === 'Deny'))
}

/** Unwrap the shapes the AWS CLI prints: `{Role: {AssumeRolePolicyDocument}}`, `{PolicyVersion: {Document}}`, `{PolicyDocument}`. */
function unwrapDocument(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  const v = value as Record<string, unknown>
  const role = v.Role as Record<string, unknown> | undefined
  const candidate = role?.AssumeRolePolicyDocument ?? (v.PolicyVersion as Record<string, unknown> | undefined)?.Document ?? v.PolicyDocument ?? v.AssumeRolePolicyDocument ?? v.Document
  if (candidate === undefined) return value
  if (typeof candidate === 'string') {
    try {
      return JSON.parse(decodeURIComponent(candidate))
    } catch {
      return candidate
    }
  }
  return candidate
}

async function readPolicy(flag: string, file: string, cwd: string): Promise<PolicyDocument> {
  const expected = 'a readable JSON IAM policy document (with a Statement of Allow/Deny statements)'
  const text = await readInputFile(flag, file, cwd, { maxBytes: MAX_POLICY_FILE_BYTES, expected })
  let parsed: unknown
  try {
    parsed = unwrapDocument(JSON.parse(text))
  } catch {
    throw invalidInput(flag, file, `${expected}; it is not valid JSON`)
  }
  if (!isPolicyDocument(parsed)) throw invalidInput(flag, file, expected)
  return parsed
}

async function named(flag: string, file: string, cwd: string): Promise<NamedPolicy> {
  return { name: basename(file).replace(/\.json$/i, ''), document: await readPolicy(flag, file, cwd) }
}

/** The policies given as files; undefined when no policy flag was used. */
export async function readPolicyFiles(options: ExplainOptions, cwd: string): Promise<PolicySet | undefined> {
  const set: PolicySet = {}
  let any = false
  if (options.trust) {
    set.trust = await readPolicy('--trust', options.trust, cwd)
    any = true
  }
  for (const [flag, key] of [
    ['--identity', 'identity'],
    ['--permissions', 'permissions'],
    ['--scp', 'scp']
  ] as const) {
    const files = options[key]
    if (!files || files.length === 0) continue
    set[key] = await Promise.all(files.map((file) => named(flag, file, cwd)))
    any = true
  }
  if (options.boundary) {
    set.boundary = await named('--boundary', options.boundary, cwd)
    any = true
  }
  if (options.sessionPolicy) {
    set.session = await readPolicy('--session-policy', options.sessionPolicy, cwd)
    any = true
  }
  return any ? set : undefined
}
