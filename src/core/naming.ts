/**
 * Resource names for a setup. With an org prefix or a use case, the enterprise convention
 * (`<Org>-<Layer>-<UseCase>-BedrockInvokeRole`, `…-<Provider>-InvokePolicy`); otherwise plain
 * defaults around `BedrockAccessRole`. Missing segments are left out rather than filled with a
 * made-up value, so `Acme-Chatbot-BedrockInvokeRole` is what `--org-prefix Acme --use-case Chatbot`
 * gives. The convention's `…-TrustPolicy` is not produced: IAM keeps a role's trust policy inside
 * the role, unnamed, and neither Terraform nor CloudFormation has a field that would carry it.
 *
 * A role name given outright (`--role-name`, `--role-arn`) names the policies too (issue 19):
 * `<Role>-InvokePolicy` and `Assume<Role>`, so two setups with different roles no longer share one
 * source policy by accident. The names earlier versions gave (`legacyPolicyNames`) are still read
 * by apply, so an existing install is found and updated instead of duplicated.
 */
import { invalidInput } from './errors.js'
import { KNOWN_MODELS, knownModel, parseModelRef } from './models.js'

export interface ConventionInput {
  orgPrefix?: string
  layer?: string
  useCase?: string
  /** Model provider for the policy name, e.g. `Anthropic` (see `providerOfModel`). */
  provider?: string
  /** A role name given outright: the policy names follow it instead of the convention's stem. */
  roleName?: string
}

export interface ConventionNames {
  roleName: string
  permissionsPolicyName: string
  sourcePolicyName: string
}

/** IAM limit on role names (CreateRole API reference). */
export const ROLE_NAME_MAX = 64
/** IAM limit on policy names, inline and managed (PutRolePolicy / CreatePolicy API references). */
export const POLICY_NAME_MAX = 128

/** Names when no convention input is given. */
export const DEFAULT_NAMES: ConventionNames = {
  roleName: 'BedrockAccessRole',
  permissionsPolicyName: 'BedrockAccessRole-InvokePolicy',
  sourcePolicyName: 'AssumeBedrockAccessRole'
}

/** Characters IAM allows in role and policy names. */
const NAME_SEGMENT = /^[\w+=,.@-]+$/

const SEGMENT_FLAGS = { orgPrefix: '--org-prefix', layer: '--layer', useCase: '--use-case', provider: 'provider' } as const

function segment(field: keyof typeof SEGMENT_FLAGS, value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  if (!trimmed) return undefined
  if (!NAME_SEGMENT.test(trimmed)) {
    throw invalidInput(SEGMENT_FLAGS[field], value, 'letters, digits and + = , . @ _ - only (it becomes part of IAM names)')
  }
  return trimmed
}

function checkLength(kind: string, name: string, max: number): string {
  if (name.length > max) {
    throw invalidInput(kind, name, `at most ${max} characters (IAM limit; this one has ${name.length})`, 'Shorten --org-prefix, --layer or --use-case.')
  }
  return name
}

/**
 * Names for a setup: the enterprise convention when an org prefix or use case is given, else
 * `DEFAULT_NAMES`. Throws `invalidInput` for characters IAM rejects or names over IAM's limits.
 */
export function conventionNames(input: ConventionInput): ConventionNames {
  const org = segment('orgPrefix', input.orgPrefix)
  const useCase = segment('useCase', input.useCase)
  const given = input.roleName?.trim() || undefined
  if (!org && !useCase) return given ? namesForRole(given, undefined) : { ...DEFAULT_NAMES }
  const layer = segment('layer', input.layer)
  const provider = canonicalProvider(segment('provider', input.provider))
  const stem = [org, layer, useCase].filter(Boolean).join('-')
  const conventional = `${stem}-BedrockInvokeRole`
  // The convention's own role name, spelled out, keeps the convention's policy names.
  if (given && given !== conventional) return namesForRole(given, provider)
  return {
    roleName: checkLength('role name', conventional, ROLE_NAME_MAX),
    permissionsPolicyName: checkLength('permissions policy name', [stem, provider, 'InvokePolicy'].filter(Boolean).join('-'), POLICY_NAME_MAX),
    sourcePolicyName: checkLength('source policy name', `${stem}-AssumeBedrockInvokeRole`, POLICY_NAME_MAX)
  }
}

/** `<Role>[-<Provider>]-InvokePolicy` and `Assume<Role>`: the default names' pattern around any role name. */
function namesForRole(roleName: string, provider: string | undefined): ConventionNames {
  return {
    roleName,
    permissionsPolicyName: checkLength('permissions policy name', [roleName, provider, 'InvokePolicy'].filter(Boolean).join('-'), POLICY_NAME_MAX),
    sourcePolicyName: checkLength('source policy name', `Assume${roleName}`, POLICY_NAME_MAX)
  }
}

/**
 * The policy names versions before issue 19 gave for the same input (they ignored a given role
 * name), where they differ from today's: apply looks for a policy under them when none exists
 * under the new name, so an existing install is updated rather than duplicated.
 */
export function legacyPolicyNames(input: ConventionInput): Partial<Pick<ConventionNames, 'permissionsPolicyName' | 'sourcePolicyName'>> {
  const now = conventionNames(input)
  const before = conventionNames({ ...input, roleName: undefined })
  const legacy: Partial<Pick<ConventionNames, 'permissionsPolicyName' | 'sourcePolicyName'>> = {}
  if (before.permissionsPolicyName !== now.permissionsPolicyName) legacy.permissionsPolicyName = before.permissionsPolicyName
  if (before.sourcePolicyName !== now.sourcePolicyName) legacy.sourcePolicyName = before.sourcePolicyName
  return legacy
}

/** Spelling of provider names in the convention: `Anthropic`, `MistralAI`, `Amazon`. */
const PROVIDER_NAMES = [...new Set(KNOWN_MODELS.map((m) => m.provider.replace(/[^\w]/g, '')))]

function pascalCase(text: string): string {
  return text
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
}

/**
 * Callers may pass a provider as the model id's vendor prefix (`anthropic`, `mistral`); the
 * convention spells it like the provider's name. Known providers keep their spelling.
 */
function canonicalProvider(provider: string | undefined): string | undefined {
  if (provider === undefined) return undefined
  const lower = provider.toLowerCase()
  return PROVIDER_NAMES.find((name) => name.toLowerCase() === lower || (lower.length >= 4 && name.toLowerCase().startsWith(lower))) ?? pascalCase(provider)
}

/**
 * The provider segment for a model reference: the known provider name without spaces
 * (`Mistral AI` → `MistralAI`), else the id's vendor prefix capitalized (`cohere.…` → `Cohere`).
 * Undefined for application profiles, whose models are opaque.
 */
export function providerOfModel(model: string): string | undefined {
  const ref = parseModelRef(model)
  if (!ref || ref.kind === 'application-profile') return undefined
  const known = knownModel(ref.modelId)
  if (known) return known.provider.replace(/[^\w]/g, '')
  return pascalCase(ref.modelId.slice(0, ref.modelId.indexOf('.')))
}

/**
 * `legacyPolicyNames` for a resolved setup, only where the setup's names are the derived ones (a
 * name given outright was never different before). The provider segment comes from the first
 * model, as resolution takes it.
 */
export function legacyPolicyNamesOfSetup(setup: {
  orgPrefix?: string | undefined
  layer?: string | undefined
  useCase?: string | undefined
  roleName: string
  models: readonly string[]
  permissionsPolicyName: string
  sourcePolicyName: string
}): Partial<Pick<ConventionNames, 'permissionsPolicyName' | 'sourcePolicyName'>> {
  const ref = setup.models[0] === undefined ? undefined : parseModelRef(setup.models[0])
  const provider = ref === undefined || ref.kind === 'application-profile' ? undefined : ref.modelId.split('.')[0]
  const input: ConventionInput = { orgPrefix: setup.orgPrefix, layer: setup.layer, useCase: setup.useCase, provider, roleName: setup.roleName }
  let derived: ConventionNames
  try {
    derived = conventionNames(input)
  } catch {
    return {}
  }
  const legacy = legacyPolicyNames(input)
  const result: Partial<Pick<ConventionNames, 'permissionsPolicyName' | 'sourcePolicyName'>> = {}
  if (legacy.permissionsPolicyName !== undefined && setup.permissionsPolicyName === derived.permissionsPolicyName) result.permissionsPolicyName = legacy.permissionsPolicyName
  if (legacy.sourcePolicyName !== undefined && setup.sourcePolicyName === derived.sourcePolicyName) result.sourcePolicyName = legacy.sourcePolicyName
  return result
}
