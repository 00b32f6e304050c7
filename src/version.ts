/**
 * The package version. The bundler inlines package.json (scripts/build.mjs), so the built CLI reads
 * no file for `--version`; under vitest the import reads package.json itself.
 */
import packageJson from '../package.json' with { type: 'json' }

export const VERSION: string = packageJson.version
