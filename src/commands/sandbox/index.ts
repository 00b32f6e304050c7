/**
 * `bedrock-xacct sandbox`: start the sandbox, write an AWS shared credentials file and config file
 * (mode 0600, in a fresh temp folder), print the `export` lines on stdout (never a secret), and run
 * until stopped. Ctrl-C exits 130 like every cancelled command (the top-level handler exits; the
 * files are removed on exit); SIGTERM stops cleanly with 0.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ExitCode, invalidInput } from '../../core/errors.js'
import { startSandbox } from '../../sandbox/index.js'
import { loadWorldFile } from '../../sandbox/world.js'
import { defaultWorld } from '../../sandbox/worlds/default-world.js'
import { writeFileAtomic } from '../../ui/files.js'
import type { CommandDeps, CommandResult } from '../deps.js'
import { SANDBOX_REGION, configFileText, credentialsFileText, profilesOf } from './profiles.js'

export interface SandboxOptions {
  world?: string
  port?: string
}

/** How the command waits: until SIGTERM/SIGINT in the CLI, at once in tests. */
export interface SandboxLifecycle {
  untilStopped(): Promise<void>
  /** Run `cleanup` synchronously when the process exits (also on Ctrl-C's exit 130). */
  onExit(cleanup: () => void): void
}

export function processLifecycle(): SandboxLifecycle {
  return {
    untilStopped: () => new Promise((resolve) => process.once('SIGTERM', () => resolve())),
    onExit: (cleanup) => process.once('exit', cleanup)
  }
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw invalidInput('--port', text, 'a port number from 0 to 65535 (0: any free port)')
  return Number(text)
}

/** Where the sandbox listened and the files it wrote (no secret): the document `--json` prints. */
export interface SandboxSummary {
  endpoint: string
  credentialsFile: string
  configFile: string
  region: string
  profiles: Omit<ReturnType<typeof profilesOf>[number], 'secretAccessKey'>[]
}

export async function runSandbox(options: SandboxOptions, deps: CommandDeps, lifecycle: SandboxLifecycle = processLifecycle()): Promise<CommandResult<SandboxSummary>> {
  const port = parsePort(options.port)
  const world = options.world === undefined ? defaultWorld() : await loadWorldFile(options.world)
  const sandbox = await startSandbox({ world, port }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') throw invalidInput('--port', options.port, 'a free port (this one is in use)', 'omit --port to use any free one.')
    if (code === 'EACCES') throw invalidInput('--port', options.port, 'a port this user may listen on (ports below 1024 need privileges)', 'omit --port to use any free one.')
    throw error
  })
  const dir = mkdtempSync(join(deps.env.TMPDIR ?? tmpdir(), 'bedrock-xacct-sandbox-'))
  const removeFiles = () => rmSync(dir, { recursive: true, force: true })
  lifecycle.onExit(removeFiles)
  const profiles = profilesOf(world)
  const credentialsFile = join(dir, 'credentials')
  const configFile = join(dir, 'config')
  await writeFileAtomic(credentialsFile, credentialsFileText(profiles), { mode: 0o600 })
  await writeFileAtomic(configFile, configFileText(profiles, sandbox.endpoint), { mode: 0o600 })
  const firstProfile = profiles[0]?.name

  const summary: SandboxSummary = { endpoint: sandbox.endpoint, credentialsFile, configFile, region: SANDBOX_REGION, profiles: profiles.map(({ secretAccessKey: _secret, ...rest }) => rest) }
  if (deps.global.json) {
    deps.io.out(JSON.stringify(summary))
  } else {
    const lines = [
      `export AWS_ENDPOINT_URL=${sandbox.endpoint}`,
      `export AWS_SHARED_CREDENTIALS_FILE=${credentialsFile}`,
      `export AWS_CONFIG_FILE=${configFile}`,
      `export AWS_REGION=${SANDBOX_REGION}`,
      ...(firstProfile ? [`export AWS_PROFILE=${firstProfile}`] : [])
    ]
    deps.io.out(lines.join('\n'))
  }
  // Listen for SIGTERM before saying we are ready: whoever reads that line may stop us at once.
  const stopped = lifecycle.untilStopped()
  deps.io.err(`Sandbox listening on ${sandbox.endpoint} (STS, IAM, Bedrock Runtime, CloudTrail).`)
  for (const p of profiles) deps.io.err(`  profile ${p.name.padEnd(18)} ${p.arn}  (${p.accessKeyId})`)
  deps.io.err(`Admin: ${sandbox.endpoint}/_sandbox/{health,calls,faults,cloudtrail-delay}. Ctrl-C to stop.`)

  await stopped
  await sandbox.stop()
  removeFiles()
  deps.io.err('Sandbox stopped.')
  return { exitCode: ExitCode.ok, result: summary }
}
