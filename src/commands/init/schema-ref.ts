/**
 * What `$schema` a written config file points at. The package is not published yet, so its URL
 * (SCHEMA_URL, unpkg) answers 404 (issue 20): when the running bedrock-xacct's own copy of the
 * schema lies inside the project the file is written in (installed there as a dependency:
 * node_modules/bedrock-xacct/schema/…, or this repository itself), the file gets a relative path to
 * it, which editors resolve against the file; otherwise (a global install) the published URL, which
 * will resolve once the package is published.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SCHEMA_URL } from '../../core/setup/schema.js'

const SCHEMA_FILE = join('schema', 'bedrock-xacct.schema.json')

/** The schema file of the bedrock-xacct package this code runs from, found by walking up to its package.json. */
export function ownSchemaFile(from: string = fileURLToPath(import.meta.url)): string | undefined {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && existsSync(join(dir, SCHEMA_FILE))) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'bedrock-xacct') return join(dir, SCHEMA_FILE)
      } catch {
        // An unreadable package.json on the way up is not ours; keep walking.
      }
    }
    if (dirname(dir) === dir) return undefined
  }
}

/**
 * `$schema` for a config file written in `configDir` of the project at `projectDir`: a relative
 * path to `schemaFile` when that lies inside the project, else the published URL.
 */
export function schemaRefFor(configDir: string, projectDir: string, schemaFile: string | undefined = ownSchemaFile()): string {
  if (schemaFile === undefined) return SCHEMA_URL
  const inProject = relative(projectDir, schemaFile)
  if (inProject.startsWith('..') || isAbsolute(inProject)) return SCHEMA_URL
  const path = relative(configDir, schemaFile).split(sep).join('/')
  return path.startsWith('.') ? path : `./${path}`
}
