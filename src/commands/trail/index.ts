/**
 * `bedrock-xacct trail`: the role's AssumeRole calls and its Bedrock calls in CloudTrail, in the
 * target account (through --target-profile, else through the role itself) and optionally the
 * source account, in the client's region and us-east-1. Bounded pagination that says where it
 * stopped; an AccessDenied on LookupEvents becomes a hint naming cloudtrail:LookupEvents.
 * `--follow` polls until Ctrl-C (the top-level handler exits 130).
 */
import { randomBytes } from 'node:crypto'
import { roleArn as formatRoleArn } from '../../core/arn.js'
import { partitionOfRegion } from '../../core/regions.js'
import { ASSUME_ROLE_DURATION_SECONDS } from '../../core/aws-limits.js'
import { validateGiven } from '../../core/setup/resolve.js'
import { XacctError, missingInput } from '../../core/errors.js'
import { VERIFY_PROBE_SUFFIXES, VERIFY_SESSION_PREFIX, isVerifyProbeSession } from '../../core/verify-probe.js'
import { describeAwsError, isAccessDenied } from '../../core/checklist/failures.js'
import { planTrailQueries, selectTrailEvents, toTrailRow } from '../../core/checklist/trail-match.js'
import type { AwsClients, AwsFactory, CloudTrailPort, TrailEvent } from '../../core/ports/aws.js'
import { painter } from '../../ui/reporters/human.js'
import type { CommandDeps, CommandResult } from '../deps.js'
import { loadPendingSetups } from '../shared/load-setups.js'
import { FOLLOW_INTERVAL_MS, validateTrailOptions, type TrailCommandOptions, type ValidatedTrailOptions } from './options.js'
import { TRAIL_JSON_VERSION, formatTrailRow, formatTrailTable, type TrailResult } from './render.js'

/** What tests inject instead of real sleeps and an endless --follow (the AWS factory comes in deps). */
export interface TrailHooks {
  sleep?: (ms: number) => Promise<void>
  /** Stop --follow after this many polls (tests); default: until Ctrl-C. */
  maxFollowPolls?: number
}

/** --follow re-searches this far back each poll: CloudTrail delivers late events with their original time. */
const FOLLOW_OVERLAP_MS = 15 * 60_000

interface TrailTarget {
  roleArn: string
  roleName: string
  targetAccountId: string
  sourceAccountId: string | undefined
  region: string
  externalId: string | undefined
}

async function resolveTarget(options: TrailCommandOptions, deps: CommandDeps): Promise<TrailTarget> {
  const { pending } = await loadPendingSetups({ roleArn: options.roleArn, externalId: options.externalId, region: deps.global.region }, deps)
  const chosen = options.only === undefined ? pending : pending.filter((p) => p.merged.name?.value === options.only)
  const setup = chosen[0]
  if (!setup) throw missingInput('--only', `a setup named ${JSON.stringify(options.only)} in the config file`)
  const m = setup.merged
  validateGiven(m)
  const targetAccountId = m.targetAccountId?.value
  if (!targetAccountId) throw missingInput('--role-arn', 'the access role to search for (or BEDROCK_CROSS_ACCOUNT_ROLE_ARN, or a config file)')
  const roleName = m.roleName?.value ?? 'BedrockAccessRole'
  const region = m.region?.value ?? deps.env.AWS_REGION ?? 'us-east-1'
  return {
    roleArn: formatRoleArn(partitionOfRegion(region) ?? 'aws', targetAccountId, roleName, m.rolePath?.value ?? '/'),
    roleName,
    targetAccountId,
    sourceAccountId: m.sourceAccountId?.value,
    region,
    externalId: m.externalId?.value
  }
}

interface Reader {
  side: 'target' | 'source'
  account: string
  port(region: string): CloudTrailPort
}

async function buildReaders(target: TrailTarget, options: TrailCommandOptions, v: ValidatedTrailOptions, deps: CommandDeps, factory: AwsFactory): Promise<Reader[]> {
  const readers: Reader[] = []
  const cached = (clients: (region: string) => AwsClients) => {
    const ports = new Map<string, CloudTrailPort>()
    return (region: string) => {
      let port = ports.get(region)
      if (!port) ports.set(region, (port = clients(region).cloudTrail(region)))
      return port
    }
  }
  const callerChain = (region: string) => factory.fromChain({ profile: deps.global.profile }, region)
  if (v.sides.includes('target')) {
    if (options.targetProfile) {
      readers.push({ side: 'target', account: target.targetAccountId, port: cached((r) => factory.fromChain({ profile: options.targetProfile, accountId: target.targetAccountId }, r)) })
    } else {
      let assumed
      try {
        assumed = await callerChain(target.region).sts.assumeRole({
          roleArn: target.roleArn,
          roleSessionName: `bedrock-xacct-trail-${randomBytes(4).toString('hex')}`,
          externalId: target.externalId,
          durationSeconds: ASSUME_ROLE_DURATION_SECONDS.min
        })
      } catch (error) {
        throw new XacctError(isAccessDenied(error) ? 'accessDenied' : 'awsError', `Cannot read the target account's CloudTrail: ${describeAwsError(error)}`, {
          hint: `Pass --target-profile with cloudtrail:LookupEvents in account ${target.targetAccountId}, or give the role cloudtrail:LookupEvents (init --cloudtrail-lookup) and pass its --external-id.`,
          cause: error
        })
      }
      const credentials = assumed.credentials
      readers.push({ side: 'target', account: target.targetAccountId, port: cached((r) => factory.fromCredentials(credentials, r, { accountId: target.targetAccountId })) })
    }
  }
  if (v.sides.includes('source')) {
    readers.push({ side: 'source', account: target.sourceAccountId ?? 'source', port: cached(callerChain) })
  }
  return readers
}

async function search(target: TrailTarget, readers: Reader[], v: ValidatedTrailOptions, start: Date, end: Date): Promise<TrailResult> {
  const result: TrailResult = { version: TRAIL_JSON_VERSION, roleArn: target.roleArn, window: { start: start.toISOString(), end: end.toISOString() }, searched: [], events: [], notes: [] }
  let failures = 0
  let firstFailure: unknown
  let firstDenied: Reader | undefined
  for (const reader of readers) {
    const found: { event: TrailEvent; region: string }[] = []
    for (const query of planTrailQueries(target.region, reader.side)) {
      const label = `${query.attribute.key}=${query.attribute.value}`
      try {
        const output = await reader.port(query.region).lookupEvents({ attribute: query.attribute, startTime: start, endTime: end, maxPages: v.maxPages })
        result.searched.push({ account: reader.account, side: reader.side, region: query.region, query: label, pages: output.pages, truncated: output.truncated })
        if (output.truncated) {
          result.notes.push(`${reader.side} ${query.region} ${label}: stopped after ${output.pages} pages (${output.pages * 50} events); narrow --since or raise --max-pages to see older events.`)
        }
        found.push(...output.events.map((event) => ({ event, region: query.region })))
      } catch (error) {
        failures++
        firstFailure ??= error
        result.searched.push({ account: reader.account, side: reader.side, region: query.region, query: label, pages: 0, truncated: false, error: describeAwsError(error) })
        if (isAccessDenied(error)) {
          firstDenied ??= reader
          result.notes.push(`${reader.side} account ${reader.account} ${query.region}: LookupEvents denied — the reader needs cloudtrail:LookupEvents.`)
        } else result.notes.push(`${reader.side} ${query.region} ${label}: ${describeAwsError(error)}`)
      }
    }
    const regionOf = new Map(found.map((f) => [f.event.eventId, f.region]))
    let probes = 0
    for (const event of selectTrailEvents(
      found.map((f) => f.event),
      target.roleArn,
      { errorsOnly: v.errorsOnly }
    )) {
      const row = toTrailRow(event, regionOf.get(event.eventId) ?? target.region)
      const probe = isVerifyProbeSession(row.roleSessionName)
      // verify's refused-on-purpose probes are not incidents: --errors leaves them out, the full list labels them.
      if (probe && v.errorsOnly) {
        probes++
        continue
      }
      result.events.push({ ...row, side: reader.side, ...(probe ? { verifyProbe: true } : {}) })
    }
    if (probes > 0) {
      result.notes.push(
        `${reader.side}: left out ${probes} refused AssumeRole probe${probes === 1 ? '' : 's'} of bedrock-xacct verify (sessions ${VERIFY_SESSION_PREFIX}…${Object.values(VERIFY_PROBE_SUFFIXES).join('/')}): verify expects them to be denied.`
      )
    }
  }
  result.events.sort((a, b) => a.eventTime.localeCompare(b.eventTime))
  if (failures > 0 && failures === result.searched.length) {
    throw new XacctError(firstDenied ? 'accessDenied' : 'awsUnreachable', `CloudTrail could not be searched: ${result.searched[0]?.error ?? 'every query failed'}`, {
      hint: !firstDenied
        ? 'Check the network / AWS_ENDPOINT_URL and try again.'
        : firstDenied.side === 'source'
          ? `Grant cloudtrail:LookupEvents to the caller's credentials (--profile) in account ${firstDenied.account}.`
          : `Grant cloudtrail:LookupEvents to the reader in account ${target.targetAccountId} (--target-profile, or the role itself with init --cloudtrail-lookup).`,
      // --debug prints the failed call's AWS request id from it.
      cause: firstFailure
    })
  }
  return result
}

export async function runTrail(options: TrailCommandOptions, deps: CommandDeps, hooks: TrailHooks = {}): Promise<CommandResult<TrailResult>> {
  const v = validateTrailOptions(options)
  const target = await resolveTarget(options, deps)
  const readers = await buildReaders(target, options, v, deps, deps.aws)
  const paint = painter(deps.io.color)
  const end = deps.now()
  const first = await search(target, readers, v, new Date(end.getTime() - v.sinceMs), end)
  if (!v.follow) {
    deps.io.out(deps.global.json ? JSON.stringify(first, null, 2) : formatTrailTable(first, paint))
    return { exitCode: 0, result: first }
  }
  // --follow: print what exists, then only new events, until Ctrl-C (or the test's poll limit).
  const seen = new Set<string>()
  const print = (result: TrailResult, header: boolean) => {
    if (header && !deps.global.json) deps.io.out(formatTrailTable({ ...result, events: [], notes: [] }, paint).split('\n')[0]!)
    for (const row of result.events) {
      if (seen.has(row.eventId)) continue
      seen.add(row.eventId)
      deps.io.out(deps.global.json ? JSON.stringify(row) : formatTrailRow(row, paint))
    }
    for (const note of result.notes) deps.io.err(`! ${note}`)
  }
  print(first, true)
  const sleep = hooks.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  deps.io.err(`Following (every ${FOLLOW_INTERVAL_MS / 1000} s); Ctrl-C to stop.`)
  for (let poll = 0; hooks.maxFollowPolls === undefined || poll < hooks.maxFollowPolls; poll++) {
    await sleep(FOLLOW_INTERVAL_MS)
    const now = deps.now()
    const start = new Date(Math.max(end.getTime() - v.sinceMs, now.getTime() - FOLLOW_OVERLAP_MS))
    print(await search(target, readers, v, start, now), false)
  }
  // --follow's result is its first search (what it prints as it goes is not kept: it may run for days).
  return { exitCode: 0, result: first }
}
