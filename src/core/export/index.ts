/**
 * The files `init --out` writes for one setup. Pure: the caller decides where and whether to write
 * (and refuses to overwrite without --force).
 */
import type { SetupDocuments } from '../policies/index.js'
import type { Setup } from '../setup/model.js'
import { renderCloudFormation } from './cloudformation.js'
import type { ExportOptions } from './export-options.js'
import { renderHandoffFiles } from './handoff/index.js'
import { renderNextSteps } from './next-steps.js'
import { renderTerraform } from './terraform.js'
import { VENDOR_HANDOFF_FILE, renderVendorHandoff } from './vendor-handoff.js'

export interface ExportFile {
  /** Relative to the output directory. */
  path: string
  content: string
}

/** A policy document as a file: two-space JSON with a final newline, as `aws iam` accepts with file://. */
export function policyJson(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`
}

/** trust-policy.json, permissions-policy.json, source-policy.json, main.tf, cloudformation.yaml, NEXT-STEPS.md, VENDOR-HANDOFF.md in vendor mode, and the consumer's hand-off files under consumer/ (the init engineer adds bedrock-xacct.json). */
export function renderExports(setup: Setup, docs: SetupDocuments, options: ExportOptions = {}): ExportFile[] {
  return [
    { path: 'trust-policy.json', content: policyJson(docs.trustPolicy) },
    { path: 'permissions-policy.json', content: policyJson(docs.permissionsPolicy) },
    { path: 'source-policy.json', content: policyJson(docs.sourcePolicy) },
    { path: 'main.tf', content: renderTerraform(setup, docs, options) },
    { path: 'cloudformation.yaml', content: renderCloudFormation(setup, docs, options) },
    { path: 'NEXT-STEPS.md', content: renderNextSteps(setup, docs) },
    // Vendor mode: nothing is created in the third party's account; they get a note instead.
    ...(setup.thirdPartyCaller === true ? [{ path: VENDOR_HANDOFF_FILE, content: renderVendorHandoff(setup, docs) }] : []),
    ...renderHandoffFiles(setup, docs).map((file) => ({ path: file.path, content: file.content }))
  ]
}
