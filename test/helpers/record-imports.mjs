// Preloaded with `node --import`: records every module URL the process resolves, so a test can
// prove which modules a command loads (e.g. that --help never touches the AWS SDK).
import { register } from 'node:module'

register('./record-imports-hooks.mjs', import.meta.url)
