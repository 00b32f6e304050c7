/**
 * Inline policy operations — Put/Get/List/Delete of RolePolicy and UserPolicy. IAM's API has the
 * same shape for roles and users (only the owner, its name parameter and the size quota differ),
 * so one implementation serves both.
 */
import type { IamContext, IamOperation } from './iam.js'
import { limitExceeded, noSuchEntity, policySize } from './iam-errors.js'
import { encodeDocument } from './iam-xml.js'
import { parsePolicyText } from './policy-validate.js'

/** The part of a role or user record these operations touch. */
interface InlinePolicyOwner {
  name: string
  inlinePolicies: Map<string, string>
}

export interface InlinePolicyOwnerKind<Owner extends InlinePolicyOwner> {
  /** `Role` or `User`: the operation names are Put<Noun>Policy, …. */
  noun: 'Role' | 'User'
  /** Aggregate quota of the owner's inline policies, characters without whitespace. */
  sizeLimit: number
  /** Validate the owner's name parameter, authorize the call on it, and return it (NoSuchEntity when absent). */
  resolve(context: IamContext): Promise<Owner>
  /** Validate the PolicyName parameter. */
  policyName(context: IamContext): string
}

/** Put/Get/List/Delete<Noun>Policy for one kind of owner. */
export function inlinePolicyOperations<Owner extends InlinePolicyOwner>(kind: InlinePolicyOwnerKind<Owner>): Record<string, IamOperation> {
  const lower = kind.noun.toLowerCase()
  const missing = (policyName: string) => noSuchEntity(`The ${lower} policy with name ${policyName} cannot be found.`)
  return {
    [`Put${kind.noun}Policy`]: {
      readOnly: false,
      async run(context) {
        const owner = await kind.resolve(context)
        const policyName = kind.policyName(context)
        const text = context.params.required('PolicyDocument')
        Object.assign(context.trailParameters, { policyName, policyDocument: text })
        parsePolicyText(text)
        let total = policySize(text)
        for (const [name, existing] of owner.inlinePolicies) if (name !== policyName) total += policySize(existing)
        if (total > kind.sizeLimit) throw limitExceeded(`Maximum policy size of ${kind.sizeLimit} bytes exceeded for ${lower} ${owner.name}`)
        owner.inlinePolicies.set(policyName, text)
        return {}
      }
    },

    [`Get${kind.noun}Policy`]: {
      readOnly: true,
      async run(context) {
        const owner = await kind.resolve(context)
        const policyName = kind.policyName(context)
        context.trailParameters.policyName = policyName
        const text = owner.inlinePolicies.get(policyName)
        if (text === undefined) throw missing(policyName)
        return { result: { [`${kind.noun}Name`]: owner.name, PolicyName: policyName, PolicyDocument: encodeDocument(text) } }
      }
    },

    [`List${kind.noun}Policies`]: {
      readOnly: true,
      async run(context) {
        const owner = await kind.resolve(context)
        return { result: { PolicyNames: [...owner.inlinePolicies.keys()], IsTruncated: false } }
      }
    },

    [`Delete${kind.noun}Policy`]: {
      readOnly: false,
      async run(context) {
        const owner = await kind.resolve(context)
        const policyName = kind.policyName(context)
        context.trailParameters.policyName = policyName
        if (!owner.inlinePolicies.delete(policyName)) throw missing(policyName)
        return {}
      }
    }
  }
}
