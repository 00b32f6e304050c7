/**
 * A profile of the shared AWS config, read with the SDK's own loader (the same parser `fromIni`
 * and the credential chain use, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE), so
 * `verify --profile` judges the profile exactly as the consumer's SDK will read it.
 */
import { loadSharedConfigFiles } from '@smithy/core/config'

/** The profile's settings from ~/.aws/config (config wins over credentials for the same key), or undefined when absent. */
export async function readProfileSettings(name: string): Promise<Record<string, string> | undefined> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true })
  const config = configFile[name]
  const credentials = credentialsFile[name]
  if (config === undefined && credentials === undefined) return undefined
  const settings: Record<string, string> = {}
  for (const [key, value] of Object.entries({ ...credentials, ...config })) if (typeof value === 'string') settings[key] = value
  return settings
}
