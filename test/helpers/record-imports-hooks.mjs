import { appendFileSync } from 'node:fs'

/** Module resolve hook: append each resolved URL to $RECORD_IMPORTS_FILE. */
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context)
  const file = process.env.RECORD_IMPORTS_FILE
  if (file) appendFileSync(file, `${result.url}\n`)
  return result
}
