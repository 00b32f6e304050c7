/**
 * The shipped JSON Schema (schema/bedrock-xacct.schema.json) is generated from the zod schema,
 * which derives from the setup field table (fields.ts).
 * This test regenerates it when UPDATE_SCHEMA=1 and otherwise fails when the file is out of date.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { configJsonSchema, SCHEMA_URL } from './schema.js'
import { parseConfigText } from './config.js'

const SHIPPED = fileURLToPath(new URL('../../../schema/bedrock-xacct.schema.json', import.meta.url))
const generated = `${JSON.stringify(configJsonSchema(), null, 2)}\n`

describe('config JSON Schema', () => {
  it('schema/bedrock-xacct.schema.json is up to date (regenerate: UPDATE_SCHEMA=1 npx vitest run src/core/setup/schema.test.ts)', async () => {
    if (process.env.UPDATE_SCHEMA === '1') await writeFile(SHIPPED, generated)
    expect(await readFile(SHIPPED, 'utf8')).toBe(generated)
  })

  it('names its own URL and forbids unknown keys', () => {
    const schema = JSON.parse(generated) as { $id: string; anyOf: { additionalProperties?: boolean }[] }
    expect(schema.$id).toBe(SCHEMA_URL)
    expect(schema.anyOf.every((branch) => branch.additionalProperties === false)).toBe(true)
  })

  it('a 10 MB config is refused quickly without parsing', () => {
    const big = `{"setups":[${'{"name":"x"},'.repeat(800_000)}{}]}`
    const started = Date.now()
    expect(() => parseConfigText(big, 'big.json')).toThrow(/too large/)
    expect(Date.now() - started).toBeLessThan(200)
  })

  it('odd JSON is one line naming the file', () => {
    expect(() => parseConfigText('{"setups": [', 'bad.json')).toThrow(/^config "bad.json" is not valid JSON: [^\n]+$/)
  })
})
