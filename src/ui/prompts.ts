/**
 * All prompts go through this module (STYLE habit 7): tests replace the `Prompter`, commands never
 * import @inquirer/prompts themselves. Every question names the flag that answers it, so that
 * without a TTY a missing answer becomes a usage error naming that flag instead of a hang.
 */
import { XacctError, missingInput } from '../core/errors.js'

export interface Choice<T> {
  value: T
  name: string
  description?: string
  checked?: boolean
}

interface BaseQuestion {
  message: string
  /** The flag that answers this question non-interactively; named in the error when we may not ask. */
  flag: string
}

export interface InputQuestion extends BaseQuestion {
  default?: string
  /** Return true when valid, or the error text to show inline. */
  validate?: (value: string) => true | string
}

export interface ConfirmQuestion extends BaseQuestion {
  default?: boolean
}

export interface SelectQuestion<T> extends BaseQuestion {
  choices: Choice<T>[]
  default?: T
}

export interface CheckboxQuestion<T> extends BaseQuestion {
  choices: Choice<T>[]
  validate?: (values: readonly T[]) => true | string
}

export interface Prompter {
  input(question: InputQuestion): Promise<string>
  confirm(question: ConfirmQuestion): Promise<boolean>
  select<T>(question: SelectQuestion<T>): Promise<T>
  checkbox<T>(question: CheckboxQuestion<T>): Promise<T[]>
}

/** Raised when the user presses Ctrl-C in a prompt: a clean cancel, exit 130. */
export function cancelled(): XacctError {
  return new XacctError('cancelled', 'Cancelled.')
}

/** A prompter that may not ask: every question is a usage error naming its flag. */
export function nonInteractivePrompter(reason = 'no terminal to ask on'): Prompter {
  const refuse = (question: BaseQuestion): never => {
    throw missingInput(question.flag, `${question.message.replace(/[?:]\s*$/, '')} (${reason})`, `pass ${question.flag}`)
  }
  return {
    input: async (q) => refuse(q),
    confirm: async (q) => refuse(q),
    select: async (q) => refuse(q),
    checkbox: async (q) => refuse(q)
  }
}

function isPromptExit(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')
}

async function guard<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask()
  } catch (error) {
    if (isPromptExit(error)) throw cancelled()
    throw error
  }
}

/** The real prompter: @inquirer/prompts on stderr, loaded only when a question is actually asked. */
export function inquirerPrompter(): Prompter {
  const load = () => import('@inquirer/prompts')
  const context = { output: process.stderr }
  return {
    input: async (q) => {
      const { input } = await load()
      const config: Parameters<typeof input>[0] = { message: q.message }
      if (q.default !== undefined) config.default = q.default
      if (q.validate) config.validate = q.validate
      return guard(() => input(config, context))
    },
    confirm: async (q) => {
      const { confirm } = await load()
      return guard(() => confirm({ message: q.message, default: q.default ?? false }, context))
    },
    select: async <T>(q: SelectQuestion<T>) => {
      const { select } = await load()
      const config: Parameters<typeof select<T>>[0] = { message: q.message, choices: q.choices }
      if (q.default !== undefined) config.default = q.default
      return guard(() => select<T>(config, context))
    },
    checkbox: async <T>(q: CheckboxQuestion<T>) => {
      const { checkbox } = await load()
      const config: Parameters<typeof checkbox<T>>[0] = { message: q.message, choices: q.choices }
      const validate = q.validate
      if (validate) config.validate = (items) => validate(items.map((item) => item.value))
      return guard(() => checkbox<T>(config, context))
    }
  }
}

/**
 * A scripted prompter for tests: answers are looked up by flag; an unanswered question fails the
 * test loudly. `asked` records the flags in order, so tests can assert which questions were asked.
 */
export interface ScriptedPrompter extends Prompter {
  readonly asked: string[]
}

export function scriptedPrompter(answers: Record<string, unknown>): ScriptedPrompter {
  const asked: string[] = []
  const answer = <T>(question: BaseQuestion & { validate?: (value: never) => true | string }): T => {
    asked.push(question.flag)
    if (!(question.flag in answers)) throw new Error(`scriptedPrompter: no answer for ${question.flag} (${question.message})`)
    const value = answers[question.flag]
    if (value instanceof Error) throw value
    if (question.validate) {
      const verdict = question.validate(value as never)
      if (verdict !== true) throw new Error(`scriptedPrompter: answer for ${question.flag} rejected: ${verdict}`)
    }
    return value as T
  }
  return {
    asked,
    input: async (q) => answer<string>(q as never),
    confirm: async (q) => answer<boolean>(q),
    select: async <T>(q: SelectQuestion<T>) => answer<T>(q),
    checkbox: async <T>(q: CheckboxQuestion<T>) => answer<T[]>(q as never)
  }
}
