/**
 * What the bundle gives commander for `require('node:child_process')` (scripts/build.mjs).
 * commander requires it when it loads, for executable subcommands (`program.command(name, desc)`),
 * which bedrock-xacct does not have. Loading child_process also loads net, dgram and their
 * bindings: several milliseconds of every `--help`. The real module loads on first use instead.
 */
'use strict'

let childProcess
module.exports = new Proxy(
  {},
  {
    get(_target, name) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS, as commander expects; loaded on first use on purpose
      childProcess ??= require('node:child_process')
      return childProcess[name]
    }
  }
)
