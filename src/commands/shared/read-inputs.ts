/**
 * File inputs of setup resolution: the `--dotenv` file (alias `--env-file`; .env syntax, parsed by dotenv, never applied
 * to process.env) and the config file. Both are size-limited and fail with one line naming the file.
 */
import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { XacctError, invalidInput } from '../../core/errors.js'
import { MAX_CONFIG_BYTES, configTooLarge, parseConfigText } from '../../core/setup/config.js'
import type { ConfigSetup } from '../../core/setup/config.js'
import { readInputFile } from '../../ui/files.js'
import type { CommandDeps, Environment } from '../deps.js'

/** The config file read when --config is not given and it exists in the working directory. */
export const DEFAULT_CONFIG_FILE = 'bedrock-xacct.json'
/** Largest .env file accepted: a few dozen variables are a few KB; anything far larger is a mistake. */
const MAX_ENV_FILE_BYTES = 256_000

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path)
    return info.isFile() ? info.size : undefined
  } catch {
    return undefined
  }
}

/**
 * The environment for resolution: process env wins over the .env file's values (dotenv's
 * convention). The file comes from --dotenv (or its alias --env-file, or $BEDROCK_XACCT_DOTENV).
 */
export async function readEnvironment(deps: CommandDeps): Promise<Environment> {
  const file = deps.global.envFile
  if (file === undefined) return deps.env
  const flag = deps.global.envFileFlag ?? '--env-file'
  const text = await readInputFile(flag, file, deps.cwd, { maxBytes: MAX_ENV_FILE_BYTES, expected: 'a readable .env file' })
  const { parse } = await import('dotenv')
  const fromFile = parse(text)
  const merged: Record<string, string | undefined> = { ...fromFile }
  for (const [key, value] of Object.entries(deps.env)) if (value !== undefined) merged[key] = value
  return merged
}

export interface LoadedConfig {
  file: string
  setups: ConfigSetup[]
  /** Found in the working directory, not named by --config: announced, and left out when the flags name another target. */
  implicit: boolean
}

/** The config file (--config, else ./bedrock-xacct.json when present), parsed; undefined when none. */
export async function readConfigFile(deps: CommandDeps): Promise<LoadedConfig | undefined> {
  const explicit = deps.global.config
  const file = explicit ?? DEFAULT_CONFIG_FILE
  const path = resolve(deps.cwd, file)
  const size = await sizeOf(path)
  if (size === undefined) {
    if (explicit !== undefined) throw invalidInput('--config', explicit, 'a readable config file (bedrock-xacct.json)')
    return undefined
  }
  if (size > MAX_CONFIG_BYTES) throw configTooLarge(file, size)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new XacctError('invalidInput', `config ${JSON.stringify(file)} could not be read: ${(error as Error).message}.`, { field: '--config' })
  }
  // A byte-order mark (Windows editors add one) is not part of the JSON.
  return { file, setups: parseConfigText(text.replace(/^\uFEFF/, ''), file), implicit: explicit === undefined }
}
