/**
 * CommandDeps for command tests: memory I/O, a given prompter, a working directory, a fixed clock,
 * and the AWS factory the test built (MemoryAws, or the real one pointed at the sandbox). Without
 * one, any AWS call fails the test: a command that should not touch AWS is proved not to.
 */
import { memoryIo } from '../../src/ui/io.js'
import type { MemoryIo } from '../../src/ui/io.js'
import { nonInteractivePrompter } from '../../src/ui/prompts.js'
import type { Prompter } from '../../src/ui/prompts.js'
import type { AwsFactory } from '../../src/core/ports/aws.js'
import type { CommandDeps, GlobalOptions } from '../../src/commands/deps.js'

export interface TestDeps extends CommandDeps {
  io: MemoryIo
}

export interface TestDepsOptions {
  prompter?: Prompter | undefined
  interactive?: boolean | undefined
  env?: Record<string, string> | undefined
  global?: Partial<GlobalOptions> | undefined
  aws?: AwsFactory | undefined
  now?: (() => Date) | undefined
}

/** A factory for tests that must not call AWS: any client asked for throws. */
export const NO_AWS: AwsFactory = {
  fromChain: () => {
    throw new Error('this test gave the command no AWS factory (testDeps(cwd, { aws }))')
  },
  fromCredentials: () => {
    throw new Error('this test gave the command no AWS factory (testDeps(cwd, { aws }))')
  }
}

export function testDeps(cwd: string, options: TestDepsOptions = {}): TestDeps {
  return {
    io: memoryIo({ interactive: options.interactive ?? options.prompter !== undefined }),
    env: options.env ?? {},
    now: options.now ?? (() => new Date('2026-01-01T00:00:00Z')),
    cwd,
    prompter: options.prompter ?? nonInteractivePrompter(),
    global: { json: false, color: false, debug: false, yes: false, ...options.global },
    aws: options.aws ?? NO_AWS
  }
}
