/**
 * `verify`'s options as commander gives them, and their validation (bad input → exit 2 before any
 * AWS call or output).
 */
import { dirname, resolve } from 'node:path'
import { stat } from 'node:fs/promises'
import { invalidInput } from '../../core/errors.js'
import { parseDuration } from '../../core/checklist/duration.js'
import { isIp } from '../../core/ip.js'
import type { SetupFlags } from '../shared/load-setups.js'
import { DEFAULT_CONCURRENCY } from './defaults.js'

export interface VerifyCommandOptions extends SetupFlags {
  targetProfile?: string
  stream?: boolean
  /** False with --no-trail. */
  trail?: boolean
  trailTimeout?: string
  strict?: boolean
  junit?: string
  only?: string
  showSecrets?: boolean
  concurrency?: string
  /** A LiteLLM proxy config whose model entry to check (with litellmModel). */
  litellmConfig?: string
  /** The model_name of that entry. */
  litellmModel?: string
  /** An OIDC caller's token file (else AWS_WEB_IDENTITY_TOKEN_FILE, as the SDK reads it). */
  webIdentityTokenFile?: string
  callerIp?: string
}

/** CloudTrail delivers in ~5 min on average (DESIGN §8); 15 min covers most deliveries. */
export const DEFAULT_TRAIL_TIMEOUT = '15m'
/**
 * Upper bound for --concurrency: CloudTrail lookups are shared between setups (src/aws/shared-lookups.ts),
 * so more setups at once means fewer lookups; the bound keeps memory in check (bench/scale.mjs).
 */
const MAX_CONCURRENCY = 100

export interface ValidatedVerifyOptions {
  stream: boolean
  trail: boolean
  trailTimeoutMs: number
  strict: boolean
  junitFile: string | undefined
  concurrency: number
  showSecrets: boolean
  /** `--caller-ip`: the caller's public address, for the static checks of an aws:SourceIp condition. */
  callerIp: string | undefined
}

export async function validateVerifyOptions(options: VerifyCommandOptions, cwd: string): Promise<ValidatedVerifyOptions> {
  const trailTimeoutMs = parseDuration('--trail-timeout', options.trailTimeout ?? DEFAULT_TRAIL_TIMEOUT, { minMs: 0, maxMs: 24 * 3_600_000 })
  const concurrencyText = options.concurrency ?? String(DEFAULT_CONCURRENCY)
  const concurrency = Number(concurrencyText)
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw invalidInput('--concurrency', concurrencyText, `a whole number from 1 to ${MAX_CONCURRENCY}`)
  }
  if (options.externalId?.trim().toLowerCase() === 'generate') {
    throw invalidInput('--external-id', options.externalId, 'the ExternalId the role requires (verify cannot use a freshly generated one)')
  }
  if (options.callerIp !== undefined && !isIp(options.callerIp)) {
    throw invalidInput('--caller-ip', options.callerIp, "one public IPv4 or IPv6 address (no prefix), e.g. CloudTrail's sourceIPAddress of this machine's calls")
  }
  let junitFile: string | undefined
  if (options.junit !== undefined) {
    junitFile = resolve(cwd, options.junit)
    const dir = await stat(dirname(junitFile)).catch(() => undefined)
    if (!dir?.isDirectory()) throw invalidInput('--junit', options.junit, 'a file path in an existing directory')
    const target = await stat(junitFile).catch(() => undefined)
    if (target?.isDirectory()) throw invalidInput('--junit', options.junit, 'a file path, not a directory')
  }
  return {
    stream: options.stream === true,
    trail: options.trail !== false,
    trailTimeoutMs,
    strict: options.strict === true,
    junitFile,
    concurrency,
    showSecrets: options.showSecrets === true,
    callerIp: options.callerIp?.trim()
  }
}
