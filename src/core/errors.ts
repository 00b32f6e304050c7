/**
 * One error model for the whole tool (STYLE habit 5): a stable code, a message that names the bad
 * value, an optional hint saying what to do next, and the exit code the top-level handler sets.
 */

/** Exit codes are API (DESIGN §3): scripts and CI branch on them. */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  environment: 3,
  cancelled: 130,
  /** SIGTERM (a CI job cancelled, `kill`): 128 + 15, as shells report it; the same report as Ctrl-C. */
  terminated: 143
} as const

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

/** Stable error codes; each maps to one exit code. */
export const ErrorCodes = {
  usage: ExitCode.usage,
  invalidInput: ExitCode.usage,
  fileExists: ExitCode.usage,
  checkFailed: ExitCode.checkFailed,
  noCredentials: ExitCode.environment,
  awsUnreachable: ExitCode.environment,
  awsError: ExitCode.environment,
  accessDenied: ExitCode.environment,
  /** A local file could not be written or read for reasons outside the user's input (permissions, disk full). */
  fileSystem: ExitCode.environment,
  wrongAccount: ExitCode.usage,
  cancelled: ExitCode.cancelled,
  internal: ExitCode.checkFailed
} as const

export type ErrorCode = keyof typeof ErrorCodes

export interface XacctErrorOptions {
  hint?: string | undefined
  cause?: unknown
  /** The input field (flag, config key, env var) the error is about, for JSON output and tests. */
  field?: string | undefined
}

export class XacctError extends Error {
  readonly code: ErrorCode
  readonly hint: string | undefined
  readonly field: string | undefined

  constructor(code: ErrorCode, message: string, options: XacctErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'XacctError'
    this.code = code
    this.hint = options.hint
    this.field = options.field
  }

  get exitCode(): ExitCodeValue {
    return ErrorCodes[this.code]
  }
}

/** Longest stretch of a user's value quoted back in an error; a 10 MB paste must not flood the terminal. */
const MAX_QUOTED_VALUE = 80

/** Quote a user-supplied value for an error message: one line, bounded length. */
export function quoteValue(value: unknown): string {
  let text: string
  if (typeof value === 'string') text = value
  else {
    try {
      text = JSON.stringify(value) ?? String(value)
    } catch {
      text = String(value)
    }
  }
  const oneLine = text.replace(/\r?\n/g, '\\n')
  const bounded = oneLine.length > MAX_QUOTED_VALUE ? `${oneLine.slice(0, MAX_QUOTED_VALUE)}…(${oneLine.length} chars)` : oneLine
  return JSON.stringify(bounded)
}

/**
 * The one way to reject bad input: names the field, quotes the value and says what is expected.
 * e.g. `invalidInput('--source-account', 'abc', 'a 12-digit AWS account id')`
 *   → `--source-account "abc" is invalid: expected a 12-digit AWS account id.`
 */
export function invalidInput(field: string, value: unknown, expected: string, hint?: string): XacctError {
  return new XacctError('invalidInput', `${field} ${quoteValue(value)} is invalid: expected ${expected}.`, {
    field,
    hint
  })
}

/** A required answer is missing and we may not ask (no TTY, or --yes). */
export function missingInput(field: string, what: string, hint?: string): XacctError {
  return new XacctError('usage', `Missing ${field}: ${what}.`, { field, hint })
}

/** Longest stretch of a library's error message (JSON.parse, fs) repeated in ours. */
const MAX_DETAIL = 160

/**
 * A library error's message as one safe line: the first line only, control characters escaped
 * (JSON.parse quotes the offending input, which may hold a carriage return or an escape sequence),
 * bounded in length.
 */
export function errorDetail(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  // eslint-disable-next-line no-control-regex -- control characters are what this escapes
  const first = (text.split('\n')[0] ?? '').replace(/[\x00-\x1f\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return first.length > MAX_DETAIL ? `${first.slice(0, MAX_DETAIL)}…` : first
}

export function isXacctError(error: unknown): error is XacctError {
  return error instanceof XacctError
}
