// Preloaded with `node --import`: records every module the process loads, so a test can prove which
// modules a command loads (e.g. that --help never touches the AWS SDK).
// ES modules are seen by a resolve hook; CommonJS files loaded through `createRequire` (ipaddr.js)
// and built-ins loaded by `require` (commander's) never pass that hook in Node 20, so the CommonJS
// cache and the built-ins Node loaded (as `node:name`) are appended at exit.
import { appendFileSync } from 'node:fs'
import { createRequire, register } from 'node:module'
import { pathToFileURL } from 'node:url'

register('./record-imports-hooks.mjs', import.meta.url)

const commonJsCache = createRequire(import.meta.url).cache
process.on('exit', () => {
  const file = process.env.RECORD_IMPORTS_FILE
  const builtIns = process.moduleLoadList.filter((name) => name.startsWith('NativeModule ') && !name.includes('internal/')).map((name) => `node:${name.slice('NativeModule '.length)}`)
  const loaded = [...Object.keys(commonJsCache).map((path) => pathToFileURL(path).href), ...builtIns]
  if (file && loaded.length > 0) appendFileSync(file, `${loaded.join('\n')}\n`)
})
