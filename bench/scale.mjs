#!/usr/bin/env node
/**
 * Scale: `verify --config` with N setups (default 100 roles in B) against one setup, in the same
 * run. Prints median wall times and their ratio (target ≤ 5×), the CLI's peak RSS (target ≤ 150 MB,
 * from /usr/bin/time -v when present, else from a preload that reports process.resourceUsage()),
 * and, from the sandbox's CloudTrail lookup log, LookupEvents per second per account-region
 * (target: never above 2, no request throttled).
 *
 *   npm run build && node bench/scale.mjs [setups=100] [runs=3] [--concurrency n]   (default: verify's own, 50)
 *
 * BENCH_DEBUG=1 also prints per-check durations, CloudTrail poll attempts and the lookup log.
 *
 * The roles are created through the sandbox's state API (what `init --apply` would create: trust and
 * permissions policies from the tool's own builder); one wildcard source policy lets app-caller
 * assume them all (IAM caps a user's inline policies at 2,048 bytes in total).
 * Accounts: A = 111111111111 (app-caller), B = 222222222222 (roles ScaleRole0…N-1).
 */
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildDocuments } from '../dist/core/policies/index.js'
import { ACCOUNT_A, ACCOUNT_B, CALLER, CLI, EXTERNAL_ID, MODEL, REGION, benchSandbox, clearTrailRateWindow, median, run } from './lib/sandbox-env.mjs'

const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'))
const SETUPS = Number(positional[0] ?? 100)
const RUNS = Number(positional[1] ?? 3)
const concurrencyFlag = process.argv.indexOf('--concurrency')
const extraFlags = concurrencyFlag > 0 ? ['--concurrency', process.argv[concurrencyFlag + 1]] : []
const TIME = '/usr/bin/time'

function setupOf(roleName) {
  return {
    name: roleName,
    partition: 'aws',
    sourceAccountId: ACCOUNT_A,
    callers: [{ kind: 'user', arn: CALLER }],
    targetAccountId: ACCOUNT_B,
    roleName,
    rolePath: '/',
    permissionsPolicyName: 'BedrockInvoke',
    sourcePolicyName: `Assume${roleName}`,
    region: REGION,
    models: [MODEL],
    externalId: EXTERNAL_ID,
    maxSessionDurationSeconds: 3600,
    sessionDurationSeconds: 900,
    sourceIpCidrs: [],
    marketplace: false,
    streaming: true,
    cloudTrailLookup: false
  }
}

/** Most LookupEvents accepted in any 1 s window for one account-region. */
function peakLookupsPerSecond(log) {
  let peak = 0
  const byKey = new Map()
  for (const entry of log.filter((e) => !e.throttled)) {
    const key = `${entry.accountId}/${entry.region}`
    byKey.set(key, [...(byKey.get(key) ?? []), entry.at.getTime()])
  }
  for (const times of byKey.values()) {
    times.sort((a, b) => a - b)
    for (let i = 0; i < times.length; i++) peak = Math.max(peak, times.filter((t) => t >= times[i] && t < times[i] + 1000).length)
  }
  return peak
}

const where = await benchSandbox({ cloudTrailDelayMs: 0 })
try {
  const { sandbox } = where
  const now = new Date()
  const roles = Array.from({ length: SETUPS }, (_, i) => `ScaleRole${i}`)
  for (const roleName of roles) {
    const docs = buildDocuments(setupOf(roleName))
    sandbox.state.putRole(ACCOUNT_B, { name: roleName, trustPolicy: docs.trustPolicy, inlinePolicies: [{ name: 'BedrockInvoke', document: docs.permissionsPolicy }], maxSessionDurationSeconds: 3600 }, now)
  }
  sandbox.state.putUserPolicy(ACCOUNT_A, 'app-caller', 'AssumeScaleRoles', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT_B}:role/ScaleRole*` }] })
  const defaults = { sourceAccountId: ACCOUNT_A, targetAccountId: ACCOUNT_B, region: REGION, models: [MODEL], externalId: EXTERNAL_ID, caller: CALLER, sessionDurationSeconds: 900 }
  const configFor = (count) => {
    const file = join(where.dir, `scale-${count}.json`)
    writeFileSync(file, JSON.stringify({ defaults, setups: roles.slice(0, count).map((roleName) => ({ name: roleName, roleName })) }))
    return file
  }
  const files = { one: configFor(1), many: configFor(SETUPS) }
  const useTime = existsSync(TIME)
  const rssFile = join(where.dir, 'rss.txt')

  /** One verify of `file`: wall ms, peak RSS (MB), and the lookups it made. */
  async function verify(file) {
    await clearTrailRateWindow(sandbox)
    const args = [CLI, 'verify', '--config', file, '--target-profile', 'target', '--trail-timeout', '2m', '--json', ...extraFlags]
    const logFrom = sandbox.trail.lookupLog.length
    const result = useTime ? await run(TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...args], { env: where.env, cwd: where.dir }) : await run(process.execPath, args, { env: where.env, cwd: where.dir })
    const report = JSON.parse(result.stdout)
    const failing = report.setups.flatMap((s) => s.checks.filter((c) => c.status !== 'pass').map((c) => `${s.name}:${c.id}:${c.status}`))
    if (process.env.BENCH_DEBUG) {
      const byId = new Map()
      for (const c of report.setups.flatMap((s) => s.checks)) byId.set(c.id, [...(byId.get(c.id) ?? []), c.durationMs])
      for (const [id, ms] of byId) console.error(`${id.padEnd(24)} median ${median(ms)} max ${Math.max(...ms)}`)
      const trail = report.setups.map((s) => s.checks.find((c) => c.id === 'cloudtrail-assume-role')?.evidence).filter(Boolean)
      console.error('assume-role trail attempts:', JSON.stringify(trail.map((e) => e.attempts)))
      console.error('setup durations: median', median(report.setups.map((s) => s.durationMs)), 'max', Math.max(...report.setups.map((s) => s.durationMs)))
    }
    if (result.code !== 0 || failing.length > 0) {
      const details = report.setups.flatMap((s) => s.checks.filter((c) => c.status !== 'pass').map((c) => ({ setup: s.name, ...c })))
      console.error(JSON.stringify(details.slice(0, 3), null, 1))
      throw new Error(`verify exited ${result.code}; not passing: ${failing.slice(0, 5).join(', ')}`)
    }
    const { readFileSync } = await import('node:fs')
    const rssMb = useTime ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 : NaN
    return { ms: result.ms, rssMb, lookups: sandbox.trail.lookupLog.slice(logFrom) }
  }

  const one = []
  const many = []
  for (let i = 0; i < RUNS; i++) {
    one.push(await verify(files.one))
    many.push(await verify(files.many))
  }
  const oneMs = median(one.map((r) => r.ms))
  const manyMs = median(many.map((r) => r.ms))
  const lookups = many.flatMap((r) => r.lookups)
  if (process.env.BENCH_DEBUG) {
    const t0 = lookups[0]?.at.getTime() ?? 0
    for (const l of lookups) console.error(`+${l.at.getTime() - t0} ${l.accountId}/${l.region}${l.throttled ? ' THROTTLED' : ''}`)
  }
  console.log(`verify --config, ${SETUPS} setups vs 1, median of ${RUNS} runs each${extraFlags.length ? ` (${extraFlags.join(' ')})` : ''}`)
  console.log(`  1 setup        ${oneMs.toFixed(0).padStart(7)} ms   peak RSS ${Math.max(...one.map((r) => r.rssMb)).toFixed(0)} MB`)
  console.log(`  ${String(SETUPS).padEnd(3)} setups     ${manyMs.toFixed(0).padStart(7)} ms   peak RSS ${Math.max(...many.map((r) => r.rssMb)).toFixed(0)} MB (target ≤ 150 MB)`)
  console.log(`  ratio          ${(manyMs / oneMs).toFixed(2)}× (target ≤ 5×)`)
  console.log(`  LookupEvents per ${SETUPS}-setup run: ${(lookups.length / RUNS).toFixed(0)}; peak ${peakLookupsPerSecond(lookups)}/s per account-region (limit 2); throttled ${lookups.filter((l) => l.throttled).length}`)
} finally {
  await where.stop()
}
