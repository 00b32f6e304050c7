/**
 * A resolved Setup back to config-file form (what `init --out` writes as bedrock-xacct.json), so
 * that `verify --config` and later `init` runs read exactly what was generated.
 */
import type { Setup } from './model.js'
import { SCHEMA_URL } from './schema.js'
import type { SetupEntry } from './schema.js'

export function setupToEntry(setup: Setup): SetupEntry {
  const { caller } = setup
  const entry: SetupEntry = {
    name: setup.name,
    sourceAccountId: setup.sourceAccountId,
    caller:
      caller.kind === 'oidc'
        ? {
            kind: 'oidc',
            providerHost: caller.providerHost,
            audiences: caller.audiences,
            subjects: caller.subjects,
            ...(caller.groups !== undefined && caller.groups.length > 0 ? { groups: caller.groups } : {})
          }
        : caller.kind === 'account'
          ? 'root'
          : caller.kind === 'service'
            ? { kind: 'service', services: caller.services }
            : caller.arn,
    targetAccountId: setup.targetAccountId,
    roleName: setup.roleName,
    rolePath: setup.rolePath,
    permissionsPolicyName: setup.permissionsPolicyName,
    sourcePolicyName: setup.sourcePolicyName,
    region: setup.region,
    models: setup.models
  }
  if (setup.useCase !== undefined) entry.useCase = setup.useCase
  if (setup.orgPrefix !== undefined) entry.orgPrefix = setup.orgPrefix
  if (setup.layer !== undefined) entry.layer = setup.layer
  if (setup.externalId !== undefined) entry.externalId = setup.externalId
  entry.maxSessionDurationSeconds = setup.maxSessionDurationSeconds
  entry.sessionDurationSeconds = setup.sessionDurationSeconds
  if (setup.sourceIpCidrs.length > 0) entry.sourceIpCidrs = setup.sourceIpCidrs
  entry.marketplace = setup.marketplace
  entry.streaming = setup.streaming
  entry.cloudTrailLookup = setup.cloudTrailLookup
  return entry
}

/** The config file text for one setup or many (with `$schema` for editor validation). */
export function configFileText(setups: readonly Setup[]): string {
  const document =
    setups.length === 1 ? { $schema: SCHEMA_URL, ...setupToEntry(setups[0]!) } : { $schema: SCHEMA_URL, setups: setups.map(setupToEntry) }
  return `${JSON.stringify(document, null, 2)}\n`
}
