/**
 * The checklist drawn live on stderr while it runs: on a terminal, every check's line is redrawn in
 * place (a spinner frame for running checks, the final symbol and timing when done); elsewhere
 * nothing is drawn (the final report goes to stdout). Cleared before the report is printed so the
 * terminal shows the checklist once.
 */
import type { ChalkInstance } from 'chalk'
import type { CheckDefinition, ChecklistEvent, CheckOutcome } from '../../core/checklist/types.js'
import { formatCheckLine } from './human.js'

/** Spinner frames (the dots nanospinner uses). */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
/** Redraw period: fast enough to look alive, slow enough not to flood a remote terminal. */
export const LIVE_REDRAW_MS = 120

export interface LiveChecklist {
  onEvent(event: ChecklistEvent): void
  /** Stop redrawing and erase what was drawn. */
  stop(): void
}

export interface LiveOptions {
  /** Raw write to stderr (no newline added). */
  write(text: string): void
  paint: ChalkInstance
  now(): number
  setInterval?: (fn: () => void, ms: number) => { unref?: () => void }
  clearInterval?: (handle: unknown) => void
}

export function createLiveChecklist(title: string, checks: readonly Pick<CheckDefinition<unknown>, 'id' | 'title'>[], options: LiveOptions): LiveChecklist {
  const c = options.paint
  const state = new Map<string, { started?: number; outcome?: CheckOutcome }>()
  let drawn = 0
  let frame = 0
  const render = () => {
    const lines = [c.bold(title)]
    for (const check of checks) {
      const s = state.get(check.id)
      if (s?.outcome) lines.push(`  ${formatCheckLine(s.outcome, c)}`)
      else if (s?.started !== undefined) lines.push(`  ${c.cyan(FRAMES[frame % FRAMES.length]!)} ${check.id.padEnd(24)} ${check.title} ${c.dim(`(${Math.round((options.now() - s.started) / 100) / 10} s)`)}`)
      else lines.push(`  ${c.dim('·')} ${c.dim(check.id.padEnd(24))} ${c.dim(check.title)}`)
    }
    const up = drawn > 0 ? `\u001b[${drawn}A` : ''
    options.write(`${up}${lines.map((l) => `\u001b[2K${l}`).join('\n')}\n`)
    drawn = lines.length
  }
  const timer = (options.setInterval ?? setInterval)(() => {
    frame++
    render()
  }, LIVE_REDRAW_MS)
  timer.unref?.()
  render()
  return {
    onEvent(event) {
      if (event.type === 'start') state.set(event.id, { started: options.now() })
      else state.set(event.outcome.id, { ...state.get(event.outcome.id), outcome: event.outcome })
      render()
    },
    stop() {
      ;(options.clearInterval ?? ((h: unknown) => clearInterval(h as NodeJS.Timeout)))(timer)
      if (drawn > 0) options.write(`\u001b[${drawn}A\u001b[0J`)
      drawn = 0
    }
  }
}
