/**
 * The demo's AWS factory: the real SDK factory pointed at the in-process sandbox, with profile
 * names mapped to the sandbox principals' static keys, so `init --apply` and `verify` run
 * unchanged (they ask for `--target-profile`/`--source-profile` and the default chain).
 */
import { invalidInput } from '../../core/errors.js'
import type { AwsFactory } from '../../core/ports/aws.js'

export interface SandboxPrincipal {
  accessKeyId: string
  secretAccessKey: string
  accountId: string
}

/** The key of the default credential chain (no --profile). */
export const DEFAULT_PROFILE = 'default'

export function sandboxFactory(base: AwsFactory, principals: Record<string, SandboxPrincipal>): AwsFactory {
  return {
    fromChain(source, region) {
      const name = source.profile ?? DEFAULT_PROFILE
      const principal = principals[name]
      if (!principal) throw invalidInput('--profile', name, `one of the sandbox profiles: ${Object.keys(principals).join(', ')}`)
      return base.fromChain({ static: { accessKeyId: principal.accessKeyId, secretAccessKey: principal.secretAccessKey }, accountId: principal.accountId }, region)
    },
    fromCredentials: (credentials, region, options) => base.fromCredentials(credentials, region, options)
  }
}
