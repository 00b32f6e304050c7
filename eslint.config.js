// ESLint flat config; `npm run lint` runs it after `prettier --check` and before the cycle check.
//
// - Rules: ESLint's and typescript-eslint's recommended sets, without the type-aware ones (they
//   build a TypeScript program and would cost more than the rest of `npm run lint`; `npm run
//   typecheck` runs tsc anyway). Formatting is Prettier's, so no style rule is added here.
// - Import boundaries (STYLE.md habits 3, 4 and 14): `no-restricted-imports` per layer, below, for
//   `import`, `import type` and `export … from`; `no-restricted-syntax` with the same patterns for
//   `import()` and `typeof import()`, which `no-restricted-imports` does not see.
// - Import cycles: dependency-cruiser (.dependency-cruiser.cjs), not ESLint.
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * One restriction per forbidden target. Relative specifiers are matched as written: `(\.\./)+aws/`
 * from anywhere under src/core, src/ui or src/sandbox can only mean src/aws/, because none of
 * those folders has a sub-folder of the same name as a layer (`src/commands/sandbox/` is the one
 * such name, and nothing may import from src/commands/ where that matters).
 */
const to = {
  aws: { regex: String.raw`^(\.\./)+aws/`, message: 'Only adapters live in src/aws/; declare the port this layer needs in src/core/ (STYLE.md habit 14).' },
  ui: { regex: String.raw`^(\.\./)+ui/`, message: 'Rendering lives in src/ui/ and is called by commands, not by this layer (STYLE.md habit 4).' },
  commands: { regex: String.raw`^(\.\./)+commands/`, message: 'src/commands/ is the top layer: nothing below it imports from it.' },
  sandbox: { regex: String.raw`^(\.\./)+sandbox/`, message: 'The sandbox is a fake AWS for tests and `bedrock-xacct sandbox`; this layer must not depend on it.' },
  cli: { regex: String.raw`^(\.\./)+cli\.js$`, message: 'src/cli.ts is the entry point; nothing imports it.' },
  awsSdk: { regex: '^@aws-sdk/', message: 'src/core/ is pure: no AWS SDK package; take a port (an interface declared in core) instead (STYLE.md habit 14).' },
  awsClients: { regex: '^@aws-sdk/client-', message: 'Only src/aws/ (and the sandbox) import @aws-sdk/client-*; use the narrow ports (STYLE.md habit 3).' }
}

/** What each layer may not import; a file gets exactly one of these lists (flat config replaces, not merges, rule options). */
const forbidden = {
  core: [to.aws, to.ui, to.commands, to.sandbox, to.cli, to.awsSdk],
  ui: [to.commands, to.aws, to.sandbox, to.awsClients],
  sandbox: [to.commands, to.ui, to.cli],
  other: [to.awsClients]
}

/** The same restrictions for `import()` and `typeof import()`, which `no-restricted-imports` does not see. */
const dynamicImports = (list) =>
  list.flatMap(({ regex, message }) => {
    const re = `/${regex.replaceAll('/', String.raw`\/`)}/`
    return [
      { selector: `ImportExpression[source.value=${re}]`, message },
      { selector: `TSImportType[argument.literal.value=${re}]`, message }
    ]
  })

const restrict = (list) => ({
  'no-restricted-imports': ['error', { patterns: list }],
  'no-restricted-syntax': ['error', ...dynamicImports(list)]
})

export default defineConfig(
  globalIgnores(['dist/', 'coverage/', 'node_modules/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // bin/, bench/, scripts/, test helpers and config files run under Node.
    languageOptions: { globals: { ...globals.node } }
  },
  {
    rules: {
      // `_`-prefixed names are deliberately unused (placeholders in destructuring and signatures).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }]
    }
  },
  {
    // Tests strip ANSI colour codes and generate or filter control characters on purpose
    // (source files that do it say why in an eslint-disable comment).
    files: ['**/*.test.ts'],
    rules: { 'no-control-regex': 'off' }
  },

  // Import boundaries by layer (src/aws/ may import anything).
  { files: ['src/**/*.ts'], rules: restrict(forbidden.other) },
  { files: ['src/core/**/*.ts'], rules: restrict(forbidden.core) },
  { files: ['src/ui/**/*.ts'], rules: restrict(forbidden.ui) },
  { files: ['src/sandbox/**/*.ts'], rules: restrict(forbidden.sandbox) },
  { files: ['src/aws/**/*.ts'], rules: restrict([]) }
)
