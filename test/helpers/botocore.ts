/**
 * botocore's service models (installed with the AWS CLI's Python) read in tests as an oracle we did
 * not write (STYLE habit 17): shapes with their min/max/pattern, operations' members, errors and
 * documentation. Each model is loaded once per test file.
 *
 *   const sts = botocoreModel('sts')
 *   sts.shape('roleSessionNameType')          // { type: 'string', min: 2, max: 64, pattern: '[\\w+=,.@-]*' }
 *   sts.regex('roleSessionNameType').test(v)  // the pattern, anchored as AWS validates it
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'

export interface BotocoreShape {
  type: string
  min?: number
  max?: number
  pattern?: string
  members?: Record<string, { shape: string; documentation?: string }>
  documentation?: string
  error?: { code?: string; httpStatusCode?: number }
  member?: { shape: string }
}

export interface BotocoreOperation {
  http: { method: string; requestUri: string }
  input?: { shape: string }
  errors?: { shape: string }[]
  documentation?: string
  authtype?: string
}

export interface BotocoreModel {
  shape(name: string): BotocoreShape
  operation(name: string): BotocoreOperation
  /** The shape's pattern as a whole-value RegExp (AWS matches the whole value). */
  regex(name: string): RegExp
  /** A member's documentation, HTML tags removed and whitespace collapsed. */
  memberDoc(shape: string, member: string): string
}

let dataDir: string | undefined
function botocoreDataDir(): string {
  dataDir ??= execFileSync('python3', ['-c', 'import botocore, os; print(os.path.join(os.path.dirname(botocore.__file__), "data"))'], { encoding: 'utf8' }).trim()
  return dataDir
}

const VERSIONS: Record<string, string> = { iam: '2010-05-08', sts: '2011-06-15', bedrock: '2023-04-20', 'bedrock-runtime': '2023-09-30', cloudtrail: '2013-11-01' }

const plain = (html: string | undefined) =>
  (html ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

export function botocoreModel(service: keyof typeof VERSIONS | string): BotocoreModel {
  const base = `${botocoreDataDir()}/${service}/${VERSIONS[service] ?? ''}/service-2.json`
  let text: string
  try {
    text = gunzipSync(readFileSync(`${base}.gz`)).toString('utf8')
  } catch {
    text = readFileSync(base, 'utf8')
  }
  const model = JSON.parse(text) as { shapes: Record<string, BotocoreShape>; operations: Record<string, BotocoreOperation> }
  const shape = (name: string) => {
    const found = model.shapes[name]
    if (!found) throw new Error(`botocore ${service} has no shape ${name}`)
    return found
  }
  return {
    shape,
    operation(name) {
      const found = model.operations[name]
      if (!found) throw new Error(`botocore ${service} has no operation ${name}`)
      return found
    },
    regex(name) {
      const pattern = shape(name).pattern
      if (pattern === undefined) throw new Error(`botocore ${service} ${name} has no pattern`)
      return new RegExp(`^(?:${pattern})$`, 'u')
    },
    memberDoc(shapeName, member) {
      return plain(shape(shapeName).members?.[member]?.documentation)
    }
  }
}
