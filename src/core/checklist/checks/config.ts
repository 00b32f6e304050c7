/**
 * Checks 5–6: what the application will read — BEDROCK_CROSS_ACCOUNT_ROLE_ARN and BEDROCK_REGION,
 * or the config file — is set, well-formed, agrees with the setup, and the region can serve the
 * configured models (a `us.` profile cannot be called from eu-west-1).
 */
import { parseRoleArn } from '../../arn.js'
import { isXacctError } from '../../errors.js'
import { PROFILE_GEOGRAPHIES, parseModelRef } from '../../models.js'
import { isKnownRegion } from '../../regions.js'
import { fixCommandFor } from '../hints.js'
import type { VerifyContext } from '../context.js'
import type { CheckDefinition } from '../types.js'
import { FLAG_OF } from '../../setup/input.js'

export const configRoleArn: CheckDefinition<VerifyContext> = {
  id: 'config-role-arn',
  title: 'BEDROCK_CROSS_ACCOUNT_ROLE_ARN (or the config file) names the role',
  dependsOn: [],
  async run(ctx) {
    const fromEnv = ctx.appEnv.roleArn
    const value = fromEnv ?? ctx.roleArn
    const source = fromEnv === undefined ? ctx.setupOrigin : 'BEDROCK_CROSS_ACCOUNT_ROLE_ARN'
    try {
      parseRoleArn(source, value)
    } catch (error) {
      return {
        status: 'fail',
        evidence: [isXacctError(error) ? error.message : String(error)],
        hint: `Set BEDROCK_CROSS_ACCOUNT_ROLE_ARN=${ctx.roleArn} (a role ARN in account ${ctx.setup.targetAccountId}).`
      }
    }
    if (value !== ctx.roleArn) {
      return {
        status: 'fail',
        evidence: [`${source} is ${value}, but the setup's role is ${ctx.roleArn}`],
        hint: `Set BEDROCK_CROSS_ACCOUNT_ROLE_ARN=${ctx.roleArn}, or fix the setup's ${FLAG_OF.targetAccountId} / ${FLAG_OF.roleName}.`
      }
    }
    return { status: 'pass', evidence: { roleArn: value, source } }
  }
}

export const configRegion: CheckDefinition<VerifyContext> = {
  id: 'config-region',
  title: 'BEDROCK_REGION (or the config file) is set and offers the models',
  dependsOn: [],
  async run(ctx) {
    const fromEnv = ctx.appEnv.region
    const region = fromEnv ?? ctx.setup.region
    const source = fromEnv === undefined ? ctx.setupOrigin : 'BEDROCK_REGION'
    if (!isKnownRegion(region)) {
      return { status: 'fail', evidence: [`${source} is ${JSON.stringify(region)}, not a known AWS region`], hint: `Set BEDROCK_REGION to the Bedrock region, e.g. ${ctx.setup.region}.` }
    }
    if (region !== ctx.setup.region) {
      return { status: 'fail', evidence: [`${source} is ${region}, but the setup's region is ${ctx.setup.region}`], hint: `Set BEDROCK_REGION=${ctx.setup.region}, or fix the setup's ${FLAG_OF.region}.` }
    }
    const problems: string[] = []
    for (const model of ctx.setup.models) {
      const ref = parseModelRef(model)
      if (!ref) problems.push(`${model} is not a model id, inference profile id or application inference profile ARN`)
      else if (ref.kind === 'system-profile' && ref.geography !== 'global') {
        const regions: readonly string[] = PROFILE_GEOGRAPHIES[ref.geography]
        if (!regions.includes(region)) problems.push(`${model} is a ${ref.geography}. profile, callable only from ${regions.join(', ')}`)
      } else if (ref.kind === 'application-profile' && ref.region !== region) {
        problems.push(`${model} lives in ${ref.region}, not ${region}`)
      }
    }
    if (problems.length > 0) {
      return { status: 'fail', evidence: problems, hint: `Choose models callable from ${region} (or a region that offers them): ${await fixCommandFor(ctx)}` }
    }
    return { status: 'pass', evidence: { region, source, models: ctx.setup.models } }
  }
}
