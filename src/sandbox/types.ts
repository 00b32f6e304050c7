/**
 * Public types of a running sandbox (what tests and the `sandbox` command get back).
 */
import type { TrailStore } from './engine/cloudtrail/index.js'
import type { Store } from './engine/store.js'
import type { ServiceName } from './engine/types.js'
import type { FaultRule, WorldFile } from './world-types.js'

/** One API call the sandbox answered, for tests that count calls (retries, pagination, throttling). */
export interface CallRecord {
  service: ServiceName
  operation: string
  /** The caller's account ('' when the call was not authenticated). */
  accountId: string
  region: string
  /** The caller's ARN ('' when not authenticated). */
  principalArn: string
  /** HTTP status sent (0 when the connection was reset by a fault). */
  status: number
  /** The AWS error code, when the call failed. */
  errorCode?: string | undefined
  at: Date
}

export interface SandboxCredentials {
  accessKeyId: string
  secretAccessKey: string
  arn: string
}

export interface StartSandboxOptions {
  world?: WorldFile
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number
  /** Address to listen on (default 127.0.0.1: the sandbox is for this machine only). */
  host?: string
  /** The sandbox's clock (session expiry, CloudTrail times); default: the real clock. */
  now?: () => Date
  /** CloudTrail delivery delay; overrides the world's `cloudTrailDelayMs`. */
  cloudTrailDelayMs?: number
}

export interface ConnectionCounts {
  http1: number
  http2: number
}

export interface RunningSandbox {
  /** `http://127.0.0.1:PORT`, for AWS_ENDPOINT_URL. */
  endpoint: string
  port: number
  stop(): Promise<void>
  /** The default world's principals (empty strings when a custom world lacks one). */
  principals: { sourceCaller: SandboxCredentials; sourceAdmin: SandboxCredentials; targetAdmin: SandboxCredentials }
  /** First access key of a world user. Throws when there is no such user. */
  keysOf(accountId: string, userName: string): SandboxCredentials
  /** Every call answered so far, oldest first (a live array; tests may clear it with `calls.length = 0`). */
  calls: CallRecord[]
  /** Connections accepted so far, by protocol (a client that reuses connections opens few). */
  connections(): ConnectionCounts
  setFaults(rules: FaultRule[]): void
  setCloudTrailDelay(ms: number): void
  /** Every secret access key, session token and signing secret the sandbox holds or minted. */
  mintedSecrets(): string[]
  /** The engine's store, for inspection (and direct set-up) in tests. */
  state: Store
  /** CloudTrail's store, for tests that inspect events without LookupEvents. */
  trail: TrailStore
}
