/**
 * Ctrl-C in a prompt (issue 8): @inquirer/prompts rejects with ExitPromptError (Ctrl-C) or
 * AbortPromptError (aborted); the prompter turns both into the `cancelled` error (exit 130,
 * "Cancelled."), for every kind of question, and lets other errors through unchanged. The real
 * terminal path is covered end to end in test/e2e/signals.test.ts.
 */
import { describe, expect, it, vi } from 'vitest'

const failure = { error: new Error('unset') as Error }
const reject = () => Promise.reject(failure.error)
vi.mock('@inquirer/prompts', () => ({ input: reject, confirm: reject, select: reject, checkbox: reject }))

const { inquirerPrompter } = await import('./prompts.js')

function named(name: string): Error {
  const error = new Error('User force closed the prompt with SIGINT')
  error.name = name
  return error
}

const questions = {
  input: (p: ReturnType<typeof inquirerPrompter>) => p.input({ message: 'Role name?', flag: '--role-name' }),
  confirm: (p: ReturnType<typeof inquirerPrompter>) => p.confirm({ message: 'Apply?', flag: '--yes' }),
  select: (p: ReturnType<typeof inquirerPrompter>) => p.select({ message: 'Caller?', flag: '--caller', choices: [{ name: 'a', value: 'a' }] }),
  checkbox: (p: ReturnType<typeof inquirerPrompter>) => p.checkbox({ message: 'Models?', flag: '--models', choices: [{ name: 'a', value: 'a' }] })
}

describe('Ctrl-C in a prompt is a clean cancel', () => {
  it.each(Object.keys(questions).flatMap((kind) => ['ExitPromptError', 'AbortPromptError'].map((name) => [kind, name] as const)))('%s question, %s → cancelled (exit 130)', async (kind, name) => {
    failure.error = named(name)
    await expect(questions[kind as keyof typeof questions](inquirerPrompter())).rejects.toMatchObject({ code: 'cancelled', exitCode: 130, message: 'Cancelled.' })
  })

  it('any other prompt failure is not turned into a cancel', async () => {
    failure.error = new Error('stdin closed')
    await expect(questions.input(inquirerPrompter())).rejects.toThrow('stdin closed')
  })
})
