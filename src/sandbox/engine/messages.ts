/**
 * AWS's AccessDenied wording (DESIGN §5), built from the evaluator's denials:
 * `User: <arn> is not authorized to perform: <action> on resource: <arn> because no <type> allows
 * the <action> action` or `… with an explicit deny in a|an <type>`. STS AssumeRole* denials that the
 * role's trust policy decides, and every cross-account one, carry no reason, as in AWS.
 */
import type { Denial, PolicyLayer } from '../../core/evaluate.js'

const LAYER_NAMES: Record<PolicyLayer, string> = {
  identity: 'identity-based policy',
  trust: 'role trust policy',
  resource: 'resource-based policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  vpce: 'VPC endpoint policy'
}

/** "an identity-based policy", "a service control policy", but "the role trust policy" (docs/aws-facts.md deny.trust.explicit-article). */
const article = (text: string) => (text === LAYER_NAMES.trust ? 'the' : /^[aeiou]/i.test(text) ? 'an' : 'a')

/** Explicit denials first (AWS reports those), then the order AWS evaluates layers in. */
const LAYER_ORDER: PolicyLayer[] = ['scp', 'rcp', 'vpce', 'identity', 'resource', 'trust', 'boundary', 'session']

export function pickDenial(denials: Denial[]): Denial | undefined {
  const rank = (d: Denial) => (d.explicit ? 0 : 100) + LAYER_ORDER.indexOf(d.layer)
  return [...denials].sort((a, b) => rank(a) - rank(b))[0]
}

export interface DenialMessageInput {
  principalArn: string
  action: string
  resource: string
  denial: Denial | undefined
  /** True for AssumeRole* denials that carry no reason (cross-account, or decided by the trust policy). */
  reasonless: boolean
}

export function accessDeniedMessage(input: DenialMessageInput): string {
  const base = `User: ${input.principalArn} is not authorized to perform: ${input.action} on resource: ${input.resource}`
  if (input.reasonless || !input.denial) return base
  const type = LAYER_NAMES[input.denial.layer]
  return input.denial.explicit ? `${base} with an explicit deny in ${article(type)} ${type}` : `${base} because no ${type} allows the ${input.action} action`
}
