/** Export files for a setup: policy JSON, Terraform, CloudFormation, NEXT-STEPS.md. */
import type { SetupDocuments } from '../policies/index.js'
import type { Setup } from '../setup.js'

export interface ExportFile {
  path: string
  content: string
}

/** trust-policy.json, permissions-policy.json, source-policy.json, main.tf, cloudformation.yaml, NEXT-STEPS.md (the init engineer adds bedrock-xacct.json). */
export function renderExports(_setup: Setup, _docs: SetupDocuments): ExportFile[] {
  return []
}
