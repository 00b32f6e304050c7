/**
 * Account-wide IAM reads: GetAccountAuthorizationDetails, for the Role entity type only. The tool
 * reads roles (trust, inline, attached, boundary) in one paged call; users, groups and managed
 * policies would need shapes the sandbox has no use for, so asking for them fails loudly rather
 * than returning empty lists a caller would take for "none in this account".
 */
import type { IamOperation } from './types.js'
import { notImplemented } from './errors.js'
import { pageOf, pageRequest, roleKey, sortedRoles } from './paging.js'
import { roleDetailXml } from './shapes.js'
import { constraintError } from '../params.js'

/** IAM's EntityType enum, in the order AWS prints it in validation errors. */
const ENTITY_TYPES = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const

/** The one Filter the sandbox implements. */
const SUPPORTED_FILTER = 'Role'

export const IAM_ACCOUNT_OPERATIONS: Record<string, IamOperation> = {
  GetAccountAuthorizationDetails: {
    readOnly: true,
    async run(context) {
      const filter = context.params.list('Filter')
      if (filter.some((type) => !(ENTITY_TYPES as readonly string[]).includes(type))) {
        throw constraintError('Filter', `[${filter.join(', ')}]`, `Member must satisfy constraint: [Member must satisfy enum value set: [${ENTITY_TYPES.join(', ')}]]`)
      }
      if (filter.length > 0) context.trailParameters.filter = filter
      const request = pageRequest(context)
      // No resource type: authorized on "*", like ListRoles.
      await context.authorize('*')
      // Without a Filter AWS returns every entity type; a repeated `Role` still means roles only.
      if (filter.length === 0 || filter.some((type) => type !== SUPPORTED_FILTER)) {
        const asked = filter.length === 0 ? 'without a Filter (every entity type)' : `with Filter=[${filter.join(', ')}]`
        throw notImplemented(`GetAccountAuthorizationDetails ${asked}; it implements only Filter=[${SUPPORTED_FILTER}].`)
      }
      const state = context.deps.store
      const page = pageOf(sortedRoles(state, context.accountId), roleKey, request)
      return {
        result: {
          UserDetailList: [],
          GroupDetailList: [],
          RoleDetailList: page.items.map((role) => roleDetailXml(role, state.effectiveTrustPolicyText(role))),
          Policies: [],
          IsTruncated: page.isTruncated,
          Marker: page.marker
        }
      }
    }
  }
}
