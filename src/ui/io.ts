/**
 * The one output port (STYLE habit 4, after aws-cdk's IoHost): results go to stdout, everything
 * else (progress, warnings, prompts) to stderr, so `--json` output stays one clean document.
 */

/** Stderr as is, for renderers that redraw in place (live checklist, spinner). */
export interface RawStream {
  /** Written exactly as given: no newline added, so cursor movements and partial frames survive. */
  write(text: string): void
  /** Terminal width when known (the spinner measures wrapped lines with it). */
  readonly columns?: number | undefined
  /** Terminal height when known (the live checklist needs room to redraw in place). */
  readonly rows?: number | undefined
}

export interface Io {
  /** A result for the user or a machine: stdout. */
  out(text: string): void
  /** Progress, notes, warnings, errors: stderr. */
  err(text: string): void
  /** Whether stdin/stderr are a terminal a person can answer prompts on. */
  readonly interactive: boolean
  /** Whether colour may be used on stderr/stdout (false under --no-color, NO_COLOR, --json or a pipe). */
  readonly color: boolean
  /**
   * Raw stderr for in-place redraws, used only when `interactive`. Optional so a minimal port stays
   * valid; `rawErr(io)` falls back to `err`.
   */
  readonly errRaw?: RawStream | undefined
}

/** The port's raw stderr, or `err` (one line per write) for a port without one. */
export function rawErr(io: Io): RawStream {
  return io.errRaw ?? { write: (text) => io.err(text) }
}

export interface ProcessIoOptions {
  color: boolean
  interactive: boolean
}

/** The real port, over process streams. */
export function processIo(options: ProcessIoOptions): Io {
  return {
    out: (text) => {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
    },
    err: (text) => {
      process.stderr.write(text.endsWith('\n') ? text : `${text}\n`)
    },
    interactive: options.interactive,
    color: options.color,
    errRaw: {
      write: (text) => void process.stderr.write(text),
      get columns() {
        return process.stderr.columns
      },
      get rows() {
        return process.stderr.rows
      }
    }
  }
}

/** An in-memory port for tests: collects what each stream received. */
export interface MemoryIo extends Io {
  readonly stdout: string[]
  readonly stderr: string[]
  /** What was written through `errRaw` (redraw frames), exactly as written. */
  readonly stderrRaw: string[]
}

export function memoryIo(options: Partial<ProcessIoOptions> = {}): MemoryIo {
  const stdout: string[] = []
  const stderr: string[] = []
  const stderrRaw: string[] = []
  return {
    stdout,
    stderr,
    stderrRaw,
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
    errRaw: { write: (text) => void stderrRaw.push(text) },
    interactive: options.interactive ?? false,
    color: options.color ?? false
  }
}
