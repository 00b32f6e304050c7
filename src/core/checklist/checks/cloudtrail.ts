/**
 * Checks 11–12: CloudTrail in B shows this run's AssumeRole (matched by the run's unique role
 * session name) and its Converse call. CloudTrail delivers in about 5 minutes on average, not
 * guaranteed (DESIGN §8), so the checks poll with backoff until `--trail-timeout` and report
 * `pending` — not `fail` — when the deadline passes. When SourceIp CIDRs are configured, the
 * sourceIPAddress CloudTrail recorded is compared with them.
 *
 * Rate: each poll makes one LookupEvents per region (a page or a few); the adapter's limiter keeps
 * every port of an account-region under CloudTrail's 2 requests/s, and facts.targetTrail hands out
 * one port per region per run.
 */
import type { TrailEvent } from '../../ports/aws.js'
import { isAwsCallError } from '../../ports/aws-error.js'
import { failureFromError, isAccessDenied } from '../failures.js'
import type { VerifyContext } from '../context.js'
import type { CheckDefinition, CheckResult } from '../types.js'
import { ipInCidrs } from '../../ip.js'
import { findRunAssumeRole, findRunInvoke, toTrailRow, trailRegions } from '../trail-match.js'
import { setupFixCommand } from '../hints.js'
import { FLAG_OF } from '../../setup/input.js'
import { oidcCallerOf } from '../web-identity.js'

/** First wait between polls; short so a fast trail (or the sandbox) answers quickly. */
export const TRAIL_POLL_INITIAL_MS = 1_000
/** Longest wait between polls: CloudTrail's delivery is minutes, polling faster buys nothing. */
export const TRAIL_POLL_MAX_MS = 30_000
/** Events are searched from this long before the run started (clock skew between us and AWS). */
export const TRAIL_LOOKBACK_MS = 5 * 60_000
/** Pages per lookup: this run's events are recent, so they are on the first pages. */
export const TRAIL_MAX_PAGES = 4

type Found = { event: TrailEvent; region: string; attempts: number; waitedMs: number }

/**
 * Poll LookupEvents for `eventName` in each region until `match` finds the event or the deadline
 * passes. Throttling that survived the adapter's retries is waited out, not reported.
 */
async function pollTrail(ctx: VerifyContext, eventName: string, match: (events: readonly TrailEvent[]) => TrailEvent | undefined): Promise<Found | { pending: true; attempts: number; waitedMs: number; throttled: number } | CheckResult> {
  const began = ctx.clock.now()
  const deadline = began + ctx.options.trailTimeoutMs
  let wait = TRAIL_POLL_INITIAL_MS
  let attempts = 0
  let throttled = 0
  let answered = 0
  for (;;) {
    attempts++
    for (const region of trailRegions(ctx.setup.region)) {
      const reader = await ctx.facts.targetTrail(region)
      if (!reader.port) {
        return {
          status: 'skip',
          evidence: [reader.reason],
          hint: `Pass --target-profile with cloudtrail:LookupEvents in account ${ctx.setup.targetAccountId}, or add ${FLAG_OF.cloudTrailLookup} to the setup and re-apply: ${setupFixCommand(ctx, { cloudTrailLookup: true })}`
        }
      }
      try {
        const output = await reader.port.lookupEvents({
          attribute: { key: 'EventName', value: eventName },
          startTime: new Date(ctx.startedAt.getTime() - TRAIL_LOOKBACK_MS),
          endTime: new Date(ctx.clock.now() + TRAIL_LOOKBACK_MS),
          maxPages: TRAIL_MAX_PAGES,
          // Found: no further page is worth CloudTrail's scarce 2 requests/s (shared with other setups).
          until: (events) => match(events) !== undefined,
          // The call this check looks for returned before the check began.
          eventBy: new Date(began)
        })
        answered++
        const event = match(output.events)
        if (event) return { event, region, attempts, waitedMs: Math.round(ctx.clock.now() - began) }
      } catch (error) {
        if (isAccessDenied(error)) {
          return {
            status: 'skip',
            evidence: [`LookupEvents was denied (${reader.via === 'role' ? 'through the role' : 'to --target-profile'})`],
            hint:
              reader.via === 'role'
                ? `The role ${ctx.setup.roleName} may not call cloudtrail:LookupEvents in account ${ctx.setup.targetAccountId}: pass --target-profile with that permission, or let the role read CloudTrail: ${setupFixCommand(ctx, { cloudTrailLookup: true })}`
                : `Allow cloudtrail:LookupEvents to the --target-profile principal in account ${ctx.setup.targetAccountId}.`
          }
        }
        if (isAwsCallError(error) && error.failure.kind === 'throttled') throttled++
        else return failureFromError(error)
      }
    }
    const now = ctx.clock.now()
    if (now >= deadline) {
      if (answered === 0 && throttled > 0) {
        return {
          status: 'fail',
          kind: 'error',
          evidence: [`every LookupEvents call (${throttled}) was throttled until the deadline; CloudTrail could not be read`],
          hint: 'CloudTrail throttled every lookup (2 requests/s per account and region, shared with other tools): run verify again later (this is not a pass).'
        }
      }
      return { pending: true, attempts, waitedMs: Math.round(now - began), throttled }
    }
    await ctx.clock.sleep(Math.min(wait, deadline - now))
    wait = Math.min(wait * 2, TRAIL_POLL_MAX_MS)
  }
}

function pendingResult(ctx: VerifyContext, what: string, polled: { attempts: number; waitedMs: number; throttled: number }): CheckResult {
  return {
    status: 'pending',
    evidence: [`${what} not visible in CloudTrail after ${Math.round(polled.waitedMs / 1000)} s (${polled.attempts} polls${polled.throttled ? `, ${polled.throttled} throttled` : ''}); CloudTrail delivers in about 5 minutes on average`],
    hint: `Not failed, just not delivered yet: check later with bedrock-xacct trail --since 1h, or rerun verify with a longer --trail-timeout (e.g. 30m).`
  }
}

function trailSkip(ctx: VerifyContext): CheckResult | undefined {
  if (ctx.options.trail) return undefined
  return { status: 'skip', evidence: ['--no-trail: CloudTrail not checked'], hint: 'Run verify without --no-trail to check CloudTrail.' }
}

function ipVerdict(ctx: VerifyContext, sourceIp: string | undefined): { ok: boolean; note?: string } {
  // --caller-ip is what the static checks assumed: CloudTrail's address must agree (issue 16).
  if (ctx.options.callerIp !== undefined && sourceIp && sourceIp !== ctx.options.callerIp) {
    return { ok: false, note: `CloudTrail recorded ${sourceIp}, not the --caller-ip ${ctx.options.callerIp} the static checks were proven with` }
  }
  if (ctx.setup.sourceIpCidrs.length === 0) {
    // The caller's real address, for proving an allow-list offline next time (static checks said "not provable offline").
    return sourceIp && ctx.options.callerIp === undefined ? { ok: true, note: `the caller's public IP as AWS saw it: ${sourceIp} (verify --caller-ip ${sourceIp} proves an aws:SourceIp allow-list offline)` } : { ok: true }
  }
  if (!sourceIp) return { ok: true, note: 'CloudTrail recorded no sourceIPAddress to compare with the allow-list' }
  if (ipInCidrs(sourceIp, ctx.setup.sourceIpCidrs) === true) return { ok: true, note: `${sourceIp} is inside the allow-list ${ctx.setup.sourceIpCidrs.join(', ')}` }
  return { ok: false, note: `${sourceIp} is OUTSIDE the allow-list ${ctx.setup.sourceIpCidrs.join(', ')}` }
}

export const cloudtrailAssumeRole: CheckDefinition<VerifyContext> = {
  id: 'cloudtrail-assume-role',
  title: "CloudTrail in B shows this run's AssumeRole",
  dependsOn: ['assume-role'],
  async run(ctx) {
    const skip = trailSkip(ctx)
    if (skip) return skip
    // An OIDC caller's session starts with AssumeRoleWithWebIdentity, which CloudTrail names so.
    const eventName = oidcCallerOf(ctx.setup) ? 'AssumeRoleWithWebIdentity' : 'AssumeRole'
    const found = await pollTrail(ctx, eventName, (events) => findRunAssumeRole(events, ctx.roleArn, ctx.sessionName))
    if ('status' in found) return found
    if ('pending' in found) return pendingResult(ctx, `This run's AssumeRole (session ${ctx.sessionName})`, found)
    const row = toTrailRow(found.event, found.region)
    const ip = ipVerdict(ctx, row.sourceIPAddress)
    const sourceSide = await sourceSideOf(ctx, found.event, found.region)
    const evidence = { ...row, attempts: found.attempts, waitedMs: found.waitedMs, sourceAccountSide: sourceSide, ...(ip.note ? { sourceIpCheck: ip.note } : {}) }
    if (!ip.ok) {
      return {
        status: 'warn',
        evidence,
        hint:
          ctx.options.callerIp !== undefined && row.sourceIPAddress !== ctx.options.callerIp
            ? `STS saw this run from ${row.sourceIPAddress}, not --caller-ip ${ctx.options.callerIp}: rerun verify with --caller-ip ${row.sourceIPAddress}.`
            : `STS saw this run from ${row.sourceIPAddress}, outside the configured aws:SourceIp CIDRs: add this machine's public IP to ${FLAG_OF.sourceIpCidrs}, or run from an allowed network: ${ctx.fixCommand}`
      }
    }
    return { status: 'pass', evidence }
  }
}

export const cloudtrailInvoke: CheckDefinition<VerifyContext> = {
  id: 'cloudtrail-invoke',
  title: "CloudTrail in B shows this run's Converse call",
  dependsOn: ['converse'],
  async run(ctx) {
    const skip = trailSkip(ctx)
    if (skip) return skip
    const found = await pollTrail(ctx, 'Converse', (events) => findRunInvoke(events, ctx.roleArn, ctx.sessionName))
    if ('status' in found) return found
    if ('pending' in found) return pendingResult(ctx, `This run's Converse call (session ${ctx.sessionName})`, found)
    const row = toTrailRow(found.event, found.region)
    const ip = ipVerdict(ctx, row.sourceIPAddress)
    const evidence = { ...row, attempts: found.attempts, waitedMs: found.waitedMs, ...(ip.note ? { sourceIpCheck: ip.note } : {}) }
    if (!ip.ok && ctx.options.callerIp !== undefined && row.sourceIPAddress !== ctx.options.callerIp) {
      return { status: 'warn', evidence, hint: `Bedrock saw this run from ${row.sourceIPAddress}, not --caller-ip ${ctx.options.callerIp}: rerun verify with --caller-ip ${row.sourceIPAddress}.` }
    }
    if (!ip.ok) {
      return {
        status: 'fail',
        evidence,
        hint: `Bedrock saw this run from ${row.sourceIPAddress}, outside the aws:SourceIp allow-list: fix ${FLAG_OF.sourceIpCidrs} (account ${ctx.setup.targetAccountId}, policy ${ctx.setup.permissionsPolicyName}): ${ctx.fixCommand}`
      }
    }
    return { status: 'pass', evidence }
  }
}

/**
 * A's half of the cross-account AssumeRole (same sharedEventID), when the caller's credentials may
 * look: one lookup, informational only — it never changes the check's status.
 */
async function sourceSideOf(ctx: VerifyContext, event: TrailEvent, region: string): Promise<string> {
  const shared = event.record.sharedEventID
  if (typeof shared !== 'string') return 'no sharedEventID recorded'
  try {
    const output = await ctx.ports.caller.cloudTrail(region).lookupEvents({
      attribute: { key: 'EventName', value: 'AssumeRole' },
      startTime: new Date(ctx.startedAt.getTime() - TRAIL_LOOKBACK_MS),
      endTime: new Date(ctx.clock.now() + TRAIL_LOOKBACK_MS),
      maxPages: 1
    })
    const mine = output.events.find((e) => e.record.sharedEventID === shared)
    return mine ? `visible in account ${ctx.setup.sourceAccountId} (event ${mine.eventId})` : `not visible in account ${ctx.setup.sourceAccountId} yet`
  } catch (error) {
    return isAccessDenied(error) ? `not readable: the caller may not call cloudtrail:LookupEvents in ${ctx.setup.sourceAccountId}` : 'not readable'
  }
}
