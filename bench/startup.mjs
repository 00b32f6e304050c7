#!/usr/bin/env node
// Cold-start figures: median wall time of `bedrock-xacct --help` (and friends) against bare
// `node -e 0`, measured in the same run so the ratio survives a noisy machine.
// Usage: node bench/startup.mjs [runs] [--cpu]   (build first: npm run build)
// --cpu: also CPU time (user+sys) of each process, read at exit by a preload that every case gets
// (node -e 0 too): less sensitive to a loaded machine than wall time, which waits for the cores.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const runs = Number(process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 21)
const cpu = process.argv.includes('--cpu')
const CPU_PRELOAD = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('CPU '+(u.user+u.system)/1000+'\\n')})`
const bin = join(import.meta.dirname, '..', 'bin', 'bedrock-xacct.js')
const cases = [
  ['node -e 0', ['-e', '0']],
  ['--help', [bin, '--help']],
  ['--version', [bin, '--version']],
  ['init --help', [bin, 'init', '--help']],
  ['verify --help', [bin, 'verify', '--help']]
]

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

const samples = new Map(cases.map(([name]) => [name, []]))
const cpuSamples = new Map(cases.map(([name]) => [name, []]))
// Interleave the cases so drift in machine load hits all of them alike.
for (let i = 0; i < runs; i++) {
  for (const [name, args] of cases) {
    const start = process.hrtime.bigint()
    const result = spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } })
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    if (result.status !== 0) throw new Error(`${name} exited ${result.status}`)
    samples.get(name).push(ms)
    if (!cpu) continue
    const measured = spawnSync(process.execPath, ['--import', CPU_PRELOAD, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    cpuSamples.get(name).push(Number(/CPU ([\d.]+)/.exec(measured.stderr)?.[1]))
  }
}

const base = median(samples.get('node -e 0'))
console.log(`cold start, median of ${runs} runs, interleaved (target: ≤ 1.5× node -e 0)`)
for (const [name] of cases) {
  const m = median(samples.get(name))
  console.log(`  ${name.padEnd(16)} ${m.toFixed(1).padStart(7)} ms   ${(m / base).toFixed(2)}×`)
}
if (cpu) {
  const cpuBase = median(cpuSamples.get('node -e 0'))
  console.log(`CPU time (user+sys), median of ${runs}, same preload in every case`)
  for (const [name] of cases) {
    const m = median(cpuSamples.get(name))
    console.log(`  ${name.padEnd(16)} ${m.toFixed(1).padStart(7)} ms   ${(m / cpuBase).toFixed(2)}×`)
  }
}
