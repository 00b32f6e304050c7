/**
 * The JSON Schemas of the tool's `--json` outputs, committed under schema/ for consumers (CI
 * scripts, dashboards) and generated from the zod schemas the tests validate real outputs with,
 * so the files cannot drift from what the commands print (output-schemas.test.ts compares them).
 */
import { z } from 'zod'
import { explainOutputSchema } from './explain-json-schema.js'
import { initJsonSchema } from './init-json-schema.js'
import { verifyJsonSchema } from './json-schema.js'
import { lintJsonSchema } from './lint-json-schema.js'
import { trailJsonSchema } from './trail-json-schema.js'
import { permissionsJsonSchema } from './permissions-json-schema.js'

/** Where the files are published (the npm package ships schema/). */
const SCHEMA_BASE_URL = 'https://unpkg.com/bedrock-xacct/schema/'

/** Each committed output schema: its file under schema/, its zod source, and what it describes. */
export const OUTPUT_SCHEMAS = [
  { file: 'verify-output.schema.json', schema: verifyJsonSchema, title: 'bedrock-xacct verify --json', description: 'The checklist of every setup verified, with counts and the exit code.' },
  { file: 'init-output.schema.json', schema: initJsonSchema, title: 'bedrock-xacct init --json', description: 'The documents built for each setup, their self-check and lint findings, and with --out the files written.' },
  { file: 'explain-output.schema.json', schema: explainOutputSchema, title: 'bedrock-xacct explain --json', description: 'The diagnosis of one AWS error message, or with --from-trail of each denied call found in CloudTrail.' },
  {
    file: 'lint-output.schema.json',
    schema: lintJsonSchema,
    title: 'bedrock-xacct lint --json',
    description: 'The findings per policy file, each with its rule id, statement, location in the file and fix; suppressed findings with their justification; counts of what was not suppressed.'
  },
  {
    file: 'trail-output.schema.json',
    schema: trailJsonSchema,
    title: 'bedrock-xacct trail --json',
    description: 'The CloudTrail events of the role in the window searched, what was searched, and notes on what could not be seen. With --follow, each line is one item of events.'
  },
  {
    file: 'permissions-output.schema.json',
    schema: permissionsJsonSchema,
    title: 'bedrock-xacct permissions --json',
    description: 'The least IAM policy each command and option needs, per principal and account, with the check or step each action is needed by.'
  }
] as const

/** The JSON Schema of one output, as committed under schema/. */
export function outputJsonSchema(entry: (typeof OUTPUT_SCHEMAS)[number]): Record<string, unknown> {
  const schema = z.toJSONSchema(entry.schema, { io: 'output' }) as Record<string, unknown>
  return { ...schema, $id: `${SCHEMA_BASE_URL}${entry.file}`, title: entry.title, description: entry.description }
}
