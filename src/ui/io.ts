/**
 * The one output port (STYLE habit 4, after aws-cdk's IoHost): results go to stdout, everything
 * else (progress, warnings, prompts) to stderr, so `--json` output stays one clean document.
 */

export interface Io {
  /** A result for the user or a machine: stdout. */
  out(text: string): void
  /** Progress, notes, warnings, errors: stderr. */
  err(text: string): void
  /** Whether stdin/stderr are a terminal a person can answer prompts on. */
  readonly interactive: boolean
  /** Whether colour may be used on stderr/stdout (false under --no-color, NO_COLOR, --json or a pipe). */
  readonly color: boolean
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
    color: options.color
  }
}

/** An in-memory port for tests: collects what each stream received. */
export interface MemoryIo extends Io {
  readonly stdout: string[]
  readonly stderr: string[]
}

export function memoryIo(options: Partial<ProcessIoOptions> = {}): MemoryIo {
  const stdout: string[] = []
  const stderr: string[] = []
  return {
    stdout,
    stderr,
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
    interactive: options.interactive ?? false,
    color: options.color ?? false
  }
}
