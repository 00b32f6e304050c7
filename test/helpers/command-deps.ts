/** CommandDeps for init/lint unit tests: memory I/O, a given prompter, a temp working directory. */
import { memoryIo } from '../../src/ui/io.js'
import type { MemoryIo } from '../../src/ui/io.js'
import { nonInteractivePrompter } from '../../src/ui/prompts.js'
import type { Prompter } from '../../src/ui/prompts.js'
import type { CommandDeps, GlobalOptions } from '../../src/commands/deps.js'

export interface TestDeps extends CommandDeps {
  io: MemoryIo
}

export function testDeps(cwd: string, options: { prompter?: Prompter; interactive?: boolean; env?: Record<string, string>; global?: Partial<GlobalOptions> } = {}): TestDeps {
  return {
    io: memoryIo({ interactive: options.interactive ?? options.prompter !== undefined }),
    env: options.env ?? {},
    now: () => new Date('2026-01-01T00:00:00Z'),
    cwd,
    prompter: options.prompter ?? nonInteractivePrompter(),
    global: { json: false, color: false, debug: false, yes: false, ...options.global }
  }
}
