/**
 * Policy operations on a role or a user — inline (Put/Get/List/Delete<Noun>Policy) and attached
 * (Attach/Detach/ListAttached<Noun>Policies). IAM's API has the same shape for roles and users
 * (only the owner, its name parameter and the quotas differ), so one implementation serves both.
 */
import type { IamContext, IamOperation } from './types.js'
import { limitExceeded, noSuchEntity, policySize } from './errors.js'
import { attachedPolicyXml, encodeDocument } from './shapes.js'
import { policyDocumentParam } from './names.js'
import { parsePolicyText } from '../policy-validate.js'

/** The part of a role or user record these operations touch. */
interface InlinePolicyOwner {
  name: string
  inlinePolicies: Map<string, string>
  attachedPolicies: string[]
}

export interface InlinePolicyOwnerKind<Owner extends InlinePolicyOwner> {
  /** `Role` or `User`: the operation names are Put<Noun>Policy, …. */
  noun: 'Role' | 'User'
  /** Aggregate quota of the owner's inline policies, characters without whitespace. */
  sizeLimit: number
  /** Quota of managed policies attached to one owner, and its name in AWS's LimitExceeded message. */
  attachedLimit: { count: number; quotaName: string }
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
        const text = policyDocumentParam(context)
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

/** Attach/Detach/ListAttached<Noun>Policies for one kind of owner. */
export function attachedPolicyOperations<Owner extends InlinePolicyOwner>(kind: InlinePolicyOwnerKind<Owner>): Record<string, IamOperation> {
  const policyArn = (context: IamContext) => {
    const arn = context.params.checked('PolicyArn', context.params.required('PolicyArn'), 20, 2048)
    context.trailParameters.policyArn = arn
    return arn
  }
  return {
    [`Attach${kind.noun}Policy`]: {
      readOnly: false,
      async run(context) {
        const owner = await kind.resolve(context)
        const arn = policyArn(context)
        if (!context.deps.store.getManagedPolicy(arn)) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`)
        if (owner.attachedPolicies.includes(arn)) return {}
        const { count, quotaName } = kind.attachedLimit
        if (owner.attachedPolicies.length >= count) throw limitExceeded(`Cannot exceed quota for ${quotaName}: ${count}`)
        owner.attachedPolicies.push(arn)
        return {}
      }
    },

    [`Detach${kind.noun}Policy`]: {
      readOnly: false,
      async run(context) {
        const owner = await kind.resolve(context)
        const arn = policyArn(context)
        const index = owner.attachedPolicies.indexOf(arn)
        if (index < 0) throw noSuchEntity(`Policy ${arn} was not found.`)
        owner.attachedPolicies.splice(index, 1)
        return {}
      }
    },

    [`ListAttached${kind.noun}Policies`]: {
      readOnly: true,
      async run(context) {
        const owner = await kind.resolve(context)
        return { result: { AttachedPolicies: owner.attachedPolicies.map(attachedPolicyXml), IsTruncated: false } }
      }
    }
  }
}
