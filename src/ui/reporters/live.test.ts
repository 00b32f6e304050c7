/**
 * The live checklist: redraws in place (cursor up + clear line) as checks start and finish, and
 * erases itself on stop so the final report is printed once.
 */
import { describe, expect, it } from 'vitest'
import { painter, stripAnsi } from './human.js'
import { createLiveChecklist, fitToWidth } from './live.js'

describe('createLiveChecklist', () => {
  it('draws pending, running and finished checks, redrawing in place', () => {
    const writes: string[] = []
    let tick: (() => void) | undefined
    let now = 0
    const live = createLiveChecklist(
      'prod',
      [
        { id: 'a', title: 'Check A' },
        { id: 'b', title: 'Check B' }
      ],
      {
        write: (t) => writes.push(t),
        paint: painter(false),
        now: () => now,
        setInterval: (fn) => ((tick = fn), {}),
        clearInterval: () => (tick = undefined)
      }
    )
    live.onEvent({ type: 'start', id: 'a', title: 'Check A' })
    now = 1500
    tick?.()
    live.onEvent({ type: 'finish', outcome: { id: 'a', title: 'Check A', status: 'pass', evidence: [], durationMs: 1500 } })
    const last = stripAnsi(writes[writes.length - 1]!)
    expect(last).toContain('✔ a')
    expect(last).toContain('· b')
    expect(writes[1]).toContain('\u001b[3A') // moved up over the 3 lines drawn before
    live.stop()
    expect(writes[writes.length - 1]).toBe('\u001b[3A\u001b[0J')
    expect(tick).toBeUndefined()
  })
})

describe('fitToWidth', () => {
  it('keeps a line that fits, cuts a longer one to the width with an ellipsis, escape sequences not counted', () => {
    const green = (t: string) => `\u001b[32m${t}\u001b[39m`
    expect(fitToWidth(green('✔ abc'), 5)).toBe(green('✔ abc'))
    const cut = fitToWidth(green('✔ abcdef'), 5)
    expect(stripAnsi(cut)).toBe('✔ ab…')
    expect(cut.startsWith('\u001b[32m')).toBe(true)
  })
})
