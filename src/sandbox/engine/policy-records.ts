/**
 * Small helpers of the store (store.ts): policy text as IAM keeps it, the principals a trust policy
 * names, parsed policy maps, and a new managed policy record.
 */
import type { PolicyDocument } from '../../core/evaluate.js'
import { uniqueId } from './ids.js'
import type { ManagedPolicyRecord } from './records.js'

/** A policy document as the store keeps it: the exact text (IAM returns what was written). */
export function policyText(document: PolicyDocument): string {
  return JSON.stringify(document)
}

/** The `Principal.AWS` values of a policy text. */
export function awsPrincipalsIn(text: string): string[] {
  const policy = JSON.parse(text) as PolicyDocument
  return (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]).flatMap((statement) => {
    const aws = (statement.Principal as { AWS?: unknown } | undefined)?.AWS
    return (Array.isArray(aws) ? aws : [aws]).filter((v): v is string => typeof v === 'string')
  })
}

export function parsedMap(map: Map<string, string> | undefined): Record<string, PolicyDocument> {
  return Object.fromEntries([...(map ?? [])].map(([name, text]) => [name, JSON.parse(text) as PolicyDocument]))
}

export function newManagedPolicy(accountId: string, arn: string, name: string, path: string, text: string, now: Date): ManagedPolicyRecord {
  return {
    arn,
    name,
    path,
    accountId,
    policyId: uniqueId('ANPA', arn),
    createDate: now,
    updateDate: now,
    defaultVersionId: 'v1',
    versions: [{ versionId: 'v1', text, createDate: now }],
    nextVersionNumber: 2
  }
}
