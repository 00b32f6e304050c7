#!/usr/bin/env node
/**
 * `npm run bench`: every bench in sequence, each printing its own figures (medians over repeated
 * runs, ratios taken in the same run). Build first: `npm run build`. Loopback only,
 * except footprint.mjs, which installs the packed tarball from the npm registry (skip it with
 * BENCH_SKIP=footprint; several: BENCH_SKIP=footprint,scale).
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

/** Each bench with arguments that keep it under about two minutes on a loaded two-core machine. */
const BENCHES = [
  ['startup', ['startup.mjs', '21']],
  ['evaluator', ['evaluator.mjs']],
  ['verify-vs-cli', ['verify-vs-cli.mjs', '3']],
  ['scale', ['scale.mjs', '100', '3']],
  ['sandbox-concurrency', ['sandbox-concurrency.mjs', '1000']],
  ['footprint', ['footprint.mjs']]
]

const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean))
let failed = 0
for (const [name, [script, ...args]] of BENCHES) {
  if (skip.has(name)) continue
  console.log(`\n── ${name} ──`)
  const result = spawnSync(process.execPath, [join(import.meta.dirname, script), ...args], { stdio: 'inherit' })
  if (result.status !== 0) {
    failed++
    console.log(`(${name} exited ${result.status})`)
  }
}
process.exitCode = failed > 0 ? 1 : 0
