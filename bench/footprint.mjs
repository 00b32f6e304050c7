#!/usr/bin/env node
/**
 * Install footprint: `npm pack` the package (build first; scripts are not rerun), install the
 * tarball with `npm install --omit=dev` into a temp dir outside the repo (as `npx bedrock-xacct`
 * would), and print the tarball size, file count, and the runtime node_modules size and package
 * count, largest first. The temp dir is removed afterwards. Needs the npm registry.
 *
 *   npm run build && node bench/footprint.mjs
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const work = mkdtempSync(join(tmpdir(), 'xacct-footprint-'))
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

/** Bytes on disk under `dir` (apparent sizes). */
function sizeOf(dir) {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) total += sizeOf(path)
    else if (entry.isFile()) total += statSync(path).size
  }
  return total
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

try {
  const [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], root))
  const app = join(work, 'app')
  execFileSync('mkdir', [app])
  writeFileSync(join(app, 'package.json'), '{"name":"footprint-check","private":true}')
  npm(['install', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts', join(work, packed.filename)], app)
  const modules = join(app, 'node_modules')
  const packages = []
  for (const name of readdirSync(modules)) {
    if (name.startsWith('.')) continue
    const scoped = name.startsWith('@') ? readdirSync(join(modules, name)).map((n) => `${name}/${n}`) : [name]
    for (const pkg of scoped) packages.push({ name: pkg, bytes: sizeOf(join(modules, pkg)) })
  }
  packages.sort((a, b) => b.bytes - a.bytes)
  const total = sizeOf(modules)
  // The installed copy works with runtime dependencies only: the demo runs the sandbox, the SDK
  // clients, the evaluator and verify end to end.
  const bin = join(modules, 'bedrock-xacct', 'bin', 'bedrock-xacct.js')
  execFileSync(process.execPath, [bin, '--version'], { cwd: app, stdio: 'ignore' })
  execFileSync(process.execPath, [bin, 'demo', '--yes'], { cwd: app, stdio: 'ignore', timeout: 120_000, env: { PATH: process.env.PATH, HOME: app, NO_COLOR: '1' } })
  console.log('install footprint (npm pack → npm install --omit=dev)')
  console.log(`  tarball          ${mb(packed.size)} packed, ${mb(packed.unpackedSize)} unpacked, ${packed.entryCount} files`)
  console.log(`  node_modules     ${mb(total)} in ${packages.length} packages`)
  console.log('  installed copy: --version and demo run (runtime dependencies suffice)')
  console.log(
    `  largest          ${packages
      .slice(0, 6)
      .map((p) => `${p.name} ${mb(p.bytes)}`)
      .join(', ')}`
  )
} finally {
  rmSync(work, { recursive: true, force: true })
}
