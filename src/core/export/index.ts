/**
 * The files `init --out` writes for one setup. Pure: the caller decides where and whether to write
 * (and refuses to overwrite without --force).
 */
import type { SetupDocuments } from '../policies/index.js'
import type { Setup } from '../setup/model.js'
import { renderCloudFormation } from './cloudformation.js'
import { renderHandoffFiles } from './handoff/index.js'
import { renderNextSteps } from './next-steps.js'
import { renderTerraform } from './terraform.js'

export interface ExportFile {
  /** Relative to the output directory. */
  path: string
  content: string
}

/** A policy document as a file: two-space JSON with a final newline, as `aws iam` accepts with file://. */
export function policyJson(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`
}

/** trust-policy.json, permissions-policy.json, source-policy.json, main.tf, cloudformation.yaml, NEXT-STEPS.md, and the consumer's hand-off files under consumer/ (the init engineer adds bedrock-xacct.json). */
export function renderExports(setup: Setup, docs: SetupDocuments): ExportFile[] {
  return [
    { path: 'trust-policy.json', content: policyJson(docs.trustPolicy) },
    { path: 'permissions-policy.json', content: policyJson(docs.permissionsPolicy) },
    { path: 'source-policy.json', content: policyJson(docs.sourcePolicy) },
    { path: 'main.tf', content: renderTerraform(setup, docs) },
    { path: 'cloudformation.yaml', content: renderCloudFormation(setup, docs) },
    { path: 'NEXT-STEPS.md', content: renderNextSteps(setup, docs) },
    ...renderHandoffFiles(setup, docs).map((file) => ({ path: file.path, content: file.content }))
  ]
}
