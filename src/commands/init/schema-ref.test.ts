/**
 * `$schema` of a written config: a relative path to the schema of the installed copy when it is
 * inside the project (so editors resolve it before the package is published), the published URL
 * otherwise (issue 20).
 */
import { join } from 'node:path'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SCHEMA_URL } from '../../core/setup/schema.js'
import { ownSchemaFile, schemaRefFor } from './schema-ref.js'

const project = '/work/app'
const installed = join(project, 'node_modules', 'bedrock-xacct', 'schema', 'bedrock-xacct.schema.json')

describe('schemaRefFor', () => {
  it.each([
    ['config at the project root', project, './node_modules/bedrock-xacct/schema/bedrock-xacct.schema.json'],
    ['config in a sub-folder (init --out out)', join(project, 'out'), '../node_modules/bedrock-xacct/schema/bedrock-xacct.schema.json'],
    ['config two levels down (one folder per setup)', join(project, 'out', 'chat'), '../../node_modules/bedrock-xacct/schema/bedrock-xacct.schema.json']
  ])('%s: a relative path to the installed copy', (_label, configDir, expected) => {
    expect(schemaRefFor(configDir, project, installed)).toBe(expected)
  })

  it('a copy outside the project (a global install) or none: the published URL', () => {
    expect(schemaRefFor(project, project, '/usr/lib/node_modules/bedrock-xacct/schema/bedrock-xacct.schema.json')).toBe(SCHEMA_URL)
    expect(schemaRefFor(project, project, undefined)).toBe(SCHEMA_URL)
  })

  it("finds this package's own schema file", () => {
    const file = ownSchemaFile()
    expect(file && existsSync(file)).toBe(true)
    expect(file).toMatch(/schema[/\\]bedrock-xacct\.schema\.json$/)
  })
})
