/**
 * The world the `init --apply` / `--restore` / `--destroy` unit tests share, over the in-memory AWS
 * (memory-aws.ts). Accounts: A = 111111111111 (source; user app-caller is the caller and the
 * default credentials, user admin is profile `a-admin`), B = 222222222222 (target; user admin is
 * profile `b-admin`). Both admins hold AdministratorAccess; the clock stands at 2026-11-23 08:00 UTC.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import type { CommandDeps } from '../../src/commands/deps.js'
import { applySetup, type ApplyOptions, type ApplyTestHooks } from '../../src/commands/init/apply/index.js'
import { buildDocuments } from '../../src/core/policies/index.js'
import type { Setup } from '../../src/core/setup/model.js'
import type { MemoryIo } from '../../src/ui/io.js'
import type { Prompter } from '../../src/ui/prompts.js'
import { testDeps, type TestDeps } from './command-deps.js'
import { ACCOUNT_A, ACCOUNT_B, MemoryAws } from './memory-aws.js'
import { fixtureSetup, type FixtureOverrides } from './setup-fixture.js'

/** The world's clock. */
export const APPLY_NOW = (): Date => new Date('2026-11-23T08:00:00.000Z')

/** The caller in A whom the trust and the source policy are for. */
export const CALLER_ARN = `arn:aws:iam::${ACCOUNT_A}:user/app-caller`

/** `--apply --yes --target-profile b-admin --source-profile a-admin`, inline permissions. */
export const APPLY_OPTIONS: ApplyOptions = { dryRun: false, yes: true, targetProfile: 'b-admin', sourceProfile: 'a-admin', managedPolicy: false, showSecrets: false }

const ADMIN = { attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] }

/** A fresh in-memory AWS with the caller and both admins. */
export function applyWorld(): MemoryAws {
  const aws = new MemoryAws({ now: APPLY_NOW })
  aws.addUser(ACCOUNT_A, 'app-caller', { profile: 'default' })
  aws.addUser(ACCOUNT_A, 'admin', { profile: 'a-admin', ...ADMIN })
  aws.addUser(ACCOUNT_B, 'admin', { profile: 'b-admin', ...ADMIN })
  return aws
}

/** Apply's hooks without waiting (propagation retries) or signal handlers. */
export const instantHooks = (): ApplyTestHooks => ({ sleep: async () => undefined, onInterrupt: () => () => undefined })

export interface ApplyDepsOptions {
  json?: boolean
  prompter?: Prompter
  interactive?: boolean
}

/** The commands' deps over the world: memory I/O, no terminal and no answers unless given. */
export function applyDeps(aws: MemoryAws, cwd: string, options: ApplyDepsOptions = {}): TestDeps {
  return testDeps(cwd, { aws, now: APPLY_NOW, prompter: options.prompter, interactive: options.interactive ?? false, global: { json: options.json ?? false } })
}

/** The fixture setup with app-caller as its caller, for chat. */
export function callerSetup(overrides: FixtureOverrides = {}): Setup {
  return fixtureSetup({ caller: { kind: 'user', arn: CALLER_ARN }, useCase: 'chat', ...overrides })
}

/** The backup files apply wrote under `cwd` (none yet: an empty list). */
export async function backupFiles(cwd: string): Promise<string[]> {
  const folder = join(cwd, '.bedrock-xacct/backups')
  try {
    return (await readdir(folder)).map((name) => join(folder, name))
  } catch {
    return []
  }
}

export interface ApplyTestContext {
  /** This test's world (a fresh one per test). */
  readonly aws: MemoryAws
  /** This test's working directory (a fresh temp folder per test, removed after it). */
  readonly cwd: string
  /** The I/O of the deps made last. */
  readonly io: MemoryIo
  /** New deps over this test's world; their I/O becomes `io`. */
  deps(options?: ApplyDepsOptions): TestDeps
  /** `init --apply --yes` of `setup` (default: callerSetup()), as applySetup runs it. */
  apply(setup?: Setup, options?: Partial<ApplyOptions>, deps?: CommandDeps): Promise<number>
  /** The write calls so far, by operation name. */
  writes(): string[]
  stdout(): string
  stderr(): string
  /** The backup files written so far. */
  backups(): Promise<string[]>
}

/**
 * For a test file: registers a fresh world and temp folder per test (beforeEach / afterEach) and
 * returns the context its tests read them through.
 */
export function applyTestContext(tempPrefix: string): ApplyTestContext {
  let aws: MemoryAws | undefined
  let cwd: string | undefined
  let io: MemoryIo | undefined
  const defined = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`applyTestContext: no ${name} outside a test`)
    return value
  }
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), tempPrefix))
    aws = applyWorld()
    io = undefined
  })
  afterEach(async () => {
    if (cwd !== undefined) await rm(cwd, { recursive: true, force: true })
  })
  const context: ApplyTestContext = {
    get aws() {
      return defined(aws, 'world')
    },
    get cwd() {
      return defined(cwd, 'working directory')
    },
    get io() {
      return defined(io, 'I/O (make deps first)')
    },
    deps(options = {}) {
      const deps = applyDeps(context.aws, context.cwd, options)
      io = deps.io
      return deps
    },
    apply: (setup = callerSetup(), options = {}, deps = context.deps()) => applySetup(setup, buildDocuments(setup), { ...APPLY_OPTIONS, ...options }, deps, instantHooks()),
    writes: () => context.aws.writeCalls().map((call) => call.operation),
    stdout: () => context.io.stdout.join('\n'),
    stderr: () => context.io.stderr.join('\n'),
    backups: () => backupFiles(context.cwd)
  }
  return context
}
