/**
 * The setup model: one complete, validated description of a cross-account Bedrock setup (DESIGN §2).
 * Everything downstream (policy builders, exports, apply, verify, explain) takes a `Setup`; only
 * `src/core/setup/` turns raw flags, environment, config files and wizard answers into one.
 */
import type { Partition } from '../arn.js'
import { ASSUME_ROLE_DURATION_SECONDS, ROLE_MAX_SESSION_SECONDS } from '../aws-limits.js'

/** Who in the source account (A) may assume the access role. */
export type CallerPrincipal =
  /** `arn:aws:iam::A:root`: any principal of A whose own identity policy allows it. */
  | { kind: 'account' }
  /** One role in A, by ARN. */
  | { kind: 'role'; arn: string }
  /** One user in A, by ARN. */
  | { kind: 'user'; arn: string }
  /** AWS service principals, e.g. `sagemaker.amazonaws.com`. */
  | { kind: 'service'; services: string[] }
  /**
   * An OIDC identity provider (AssumeRoleWithWebIdentity). The provider is registered in the
   * target account B (that is where web identity federation is trusted).
   */
  | {
      kind: 'oidc'
      /** `arn:aws:iam::B:oidc-provider/HOST`. */
      providerArn: string
      /** The provider host, e.g. `token.actions.githubusercontent.com`; prefix of its condition keys. */
      providerHost: string
      /** Allowed `aud` values (StringEquals). */
      audiences: string[]
      /** Allowed `sub` patterns (StringLike). At least one: a provider with no `sub` condition trusts every token it issues. */
      subjects: string[]
      /**
       * Allowed `groups` patterns (`ForAnyValue:StringLike <host>:groups`: the token must carry at
       * least one matching group). Absent or empty means no group condition. `groups` is a
       * multi-valued claim, so a plain StringLike would be wrong. AWS only evaluates the claims it
       * exposes as condition keys for the provider: if it does not expose `groups`, the condition
       * never matches and no token can assume the role (fails closed).
       */
      groups?: string[] | undefined
    }

/**
 * Default and bounds the setup accepts for the role's MaxSessionDuration, in seconds. The minimum
 * is AssumeRole's DurationSeconds minimum, not CreateRole's MaxSessionDuration minimum
 * (ROLE_MAX_SESSION_SECONDS.min): a separate issue corrects it.
 */
export const SESSION_DURATION = { min: ASSUME_ROLE_DURATION_SECONDS.min, max: ROLE_MAX_SESSION_SECONDS.max, default: ROLE_MAX_SESSION_SECONDS.default } as const

export interface Setup {
  /** Unique within a config file; used by `verify --only` and in reports. */
  name: string
  partition: Partition
  sourceAccountId: string
  /**
   * Who may assume the role: one or several principals of different kinds in one trust (issue 16),
   * never empty, at most one OIDC provider, services merged into one entry. A repeated `--caller`
   * or a config list gives several.
   */
  callers: CallerPrincipal[]
  targetAccountId: string
  /** The access role's name in B (no path). */
  roleName: string
  /** The access role's path in B, `/` unless set. */
  rolePath: string
  /** Name of the inline permissions policy on the role (or of the managed policy). */
  permissionsPolicyName: string
  /** Name of the inline source policy on the caller in A. */
  sourcePolicyName: string
  /** The Bedrock region the caller will call (requests' `aws:RequestedRegion`). */
  region: string
  /** Model ids, cross-region inference profile ids (`us.…`, `eu.…`, `apac.…`, `global.…`) or application inference profile ARNs. */
  models: string[]
  useCase?: string | undefined
  orgPrefix?: string | undefined
  /** Naming-convention layer, e.g. `Prod`, `Dev`. */
  layer?: string | undefined
  /** Required `sts:ExternalId`; undefined means none (the linter warns for cross-account root trust). */
  externalId?: string | undefined
  /** The role's MaxSessionDuration, seconds. */
  maxSessionDurationSeconds: number
  /** The DurationSeconds `verify` requests (≤ maxSessionDurationSeconds). */
  sessionDurationSeconds: number
  /** Allowed `aws:SourceIp` CIDRs (public ranges only); empty means no IP condition. */
  sourceIpCidrs: string[]
  /** Add the Marketplace statement (`aws-marketplace:Subscribe`/`Unsubscribe`/`ViewSubscriptions`: first use of some third-party models). */
  marketplace: boolean
  /** Allow `bedrock:InvokeModelWithResponseStream` (ConverseStream) as well as InvokeModel. */
  streaming: boolean
  /** Allow `cloudtrail:LookupEvents` to the role so `verify` can read B's trail through it. */
  cloudTrailLookup: boolean
  /**
   * Allow `sts:TagSession` with the assume action (trust policy, and the caller's source policy):
   * AWS refuses an AssumeRole that passes session tags unless both allow it. Absent means false.
   */
  allowSessionTags?: boolean | undefined
  /**
   * Allow `sts:SetSourceIdentity` with the assume action (trust policy, and the caller's source
   * policy): a source identity set upstream sticks through role chaining, and AWS then refuses the
   * chained AssumeRole unless both allow it. Absent means false.
   */
  allowSourceIdentity?: boolean | undefined
  /**
   * Account A belongs to a third party (a vendor's gateway), not to whoever runs the tool: the
   * files and apply create nothing there; the vendor gets a hand-off note instead. Absent means false.
   */
  thirdPartyCaller?: boolean | undefined
}
