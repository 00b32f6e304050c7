/**
 * The verify checklist, in the guide's order (ids are API: JSON, JUnit and CI scripts key on them).
 */
import type { VerifyContext } from '../context.js'
import type { CheckDefinition } from '../types.js'
import { cloudtrailAssumeRole, cloudtrailInvoke } from './cloudtrail.js'
import { configRegion, configRoleArn } from './config.js'
import { converse } from './converse.js'
import { modelAvailability } from './model-availability.js'
import { roleAllowsBedrock, roleExists } from './role.js'
import { trustIncludesSource } from './trust.js'
import { sourceCanAssume } from './source.js'
import { assumeRole, externalIdEnforced, sessionDuration } from './sts.js'

export const VERIFY_CHECKS: readonly CheckDefinition<VerifyContext>[] = [
  roleExists,
  trustIncludesSource,
  roleAllowsBedrock,
  sourceCanAssume,
  configRoleArn,
  configRegion,
  assumeRole,
  externalIdEnforced,
  sessionDuration,
  modelAvailability,
  converse,
  cloudtrailAssumeRole,
  cloudtrailInvoke
]

export const VERIFY_CHECK_IDS = VERIFY_CHECKS.map((c) => c.id)
