import { PATTERNS } from '../params.js'
import type { IamContext } from './types.js'

/** An IAM name parameter (RoleName, UserName, PolicyName): required, 1–`max` characters of IAM's name pattern. */
export function nameParam(context: IamContext, param: string, max = 64): string {
  return context.params.checked(param, context.params.required(param), 1, max, PATTERNS.iamName)
}

/** A policy document parameter (trust, inline, managed): required, 1–131072 characters of IAM's policy-document character set. */
export function policyDocumentParam(context: IamContext, param = 'PolicyDocument'): string {
  return context.params.checked(param, context.params.required(param), 1, 131072, PATTERNS.policyDocument)
}
