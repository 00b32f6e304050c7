#!/usr/bin/env node
/**
 * One verify vs. the same checklist scripted with the AWS CLI (bench/aws-cli-baseline.sh), against
 * the sandbox with CloudTrail visible at once. The role is set up by `init --apply`; then both run
 * N times, interleaved so machine load hits them alike. Prints the median wall times and the ratio
 * (target: verify ≤ 0.2× the script), plus the API calls one verify makes.
 *
 *   npm run build && node bench/verify-vs-cli.mjs [runs]
 *
 * Needs `aws` (the AWS CLI) on PATH; without it, prints verify's time alone. BENCH_DETAIL=1 also
 * lists the calls of the last verify with their arrival offsets.
 * Accounts: A = 111111111111 (caller app-caller), B = 222222222222 (role BenchRole).
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { ACCOUNT_A, ACCOUNT_B, CALLER, EXTERNAL_ID, MODEL, REGION, benchSandbox, clearTrailRateWindow, initApplyArgs, median, run, runCli } from './lib/sandbox-env.mjs'

const RUNS = Number(process.argv[2] ?? 5)
const ROLE = 'BenchRole'
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_B}:role/${ROLE}`
const hasAws = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0

const where = await benchSandbox({ cloudTrailDelayMs: 0 })
try {
  const init = await runCli(initApplyArgs(ROLE), where)
  if (init.code !== 0) throw new Error(`init --apply exited ${init.code}: ${init.stderr}`)
  const verifyArgs = ['verify', '--role-arn', ROLE_ARN, '--source-account', ACCOUNT_A, '--caller', CALLER, '--region', REGION, '--models', MODEL, '--external-id', EXTERNAL_ID, '--target-profile', 'target', '--trail-timeout', '60s', '--json']
  const baselineEnv = { ...where.env, ROLE_ARN, EXTERNAL_ID, MODEL_ID: MODEL, TARGET_PROFILE: 'target' }
  const verifyMs = []
  const cliMs = []
  let calls = []
  let checks = 0
  for (let i = 0; i < RUNS; i++) {
    await clearTrailRateWindow(where.sandbox)
    const before = where.sandbox.calls.length
    const verify = await runCli(verifyArgs, where)
    if (verify.code !== 0) throw new Error(`verify exited ${verify.code}: ${verify.stderr.slice(-2000)}`)
    verifyMs.push(verify.ms)
    checks = JSON.parse(verify.stdout).setups[0].checks.length
    calls = where.sandbox.calls.slice(before)
    if (!hasAws) continue
    await clearTrailRateWindow(where.sandbox)
    const script = await run('bash', [join(import.meta.dirname, 'aws-cli-baseline.sh')], { env: baselineEnv, cwd: where.dir })
    if (script.code !== 0) throw new Error(`aws-cli-baseline.sh exited ${script.code}: ${script.stderr.slice(-2000)}`)
    cliMs.push(script.ms)
  }
  const v = median(verifyMs)
  console.log(`one verify vs. the AWS CLI script, median of ${RUNS} runs each (target: ≤ 0.2×)`)
  console.log(`  verify (${checks} checks)          ${v.toFixed(0).padStart(6)} ms`)
  if (hasAws) {
    const c = median(cliMs)
    console.log(`  aws-cli-baseline.sh (7 calls) ${c.toFixed(0).padStart(4)} ms`)
    console.log(`  ratio                        ${(v / c).toFixed(2)}×`)
  } else console.log('  (aws CLI not found: no baseline)')
  const counts = new Map()
  for (const call of calls) {
    const key = `${call.service}:${call.operation}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  console.log(`  API calls of one verify: ${calls.length} (${[...counts].map(([k, n]) => `${k}×${n}`).join(', ')})`)
  if (process.env.BENCH_DETAIL) {
    const t0 = calls[0]?.at.getTime() ?? 0
    for (const c of calls) console.log(`    +${String(c.at.getTime() - t0).padStart(5)} ms ${c.service}:${c.operation} ${c.principalArn} ${c.status}${c.errorCode ? ` ${c.errorCode}` : ''}`)
  }
} finally {
  await where.stop()
}
