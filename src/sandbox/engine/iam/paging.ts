/**
 * IAM's `MaxItems` / `Marker` paging, shared by the list operations that page (ListRoles,
 * GetAccountAuthorizationDetails). Items are listed in a stable order (a key per item, e.g. the role
 * name in lower case); the marker says "continue after this key", so an item deleted between pages
 * neither breaks paging nor repeats the ones already seen. Markers are opaque to clients, as in AWS.
 */
import type { IamContext } from './types.js'
import { PATTERNS, validationError } from '../params.js'
import type { RoleRecord } from '../records.js'
import type { Store } from '../store.js'

/**
 * IAM's MaxItems bounds and default (every IAM list operation: 1–1000, 100 when absent). A page
 * may be shorter than MaxItems only when it is the last one.
 */
export const MAX_ITEMS = { min: 1, max: 1000, default: 100 } as const

/**
 * Marker length limits (IAM's `markerType`: 1–320 characters). Our markers stay far below: a role
 * name is at most 64 characters.
 */
const MARKER_LENGTH = { min: 1, max: 320 } as const

/**
 * Prefix inside every marker, so a marker of another kind of list, or any other string, is told
 * apart from ours and rejected instead of silently restarting at the first page.
 */
const MARKER_PREFIX = 'bedrock-xacct-sandbox/v1/'

export interface PageRequest {
  maxItems: number
  marker?: string | undefined
}

export interface Page<T> {
  items: T[]
  isTruncated: boolean
  /** Present only when truncated: pass it back as `Marker` for the next page. */
  marker?: string | undefined
}

/**
 * `MaxItems` and `Marker` as validated before authorization (like AWS's input constraints); the
 * marker's content is checked by `pageOf`. Both are recorded in the CloudTrail event when given.
 */
export function pageRequest(context: IamContext): PageRequest {
  const { params } = context
  const maxItems = params.integer('MaxItems', MAX_ITEMS.min, MAX_ITEMS.max)
  const marker = params.optional('Marker')
  if (marker !== undefined) params.checked('Marker', marker, MARKER_LENGTH.min, MARKER_LENGTH.max, PATTERNS.marker)
  if (maxItems !== undefined) context.trailParameters.maxItems = maxItems
  if (marker !== undefined) context.trailParameters.marker = marker
  return { maxItems: maxItems ?? MAX_ITEMS.default, marker }
}

/** AWS's answer to a marker it did not issue (or cannot use). */
export function invalidMarker() {
  return validationError('Invalid Marker.')
}

function encodeMarker(key: string): string {
  return Buffer.from(MARKER_PREFIX + key, 'utf8').toString('base64url')
}

/** The key a marker continues after; Invalid Marker for anything `encodeMarker` did not produce. */
function decodeMarker(marker: string): string {
  const text = Buffer.from(marker, 'base64url').toString('utf8')
  // base64url decoding skips stray characters; re-encoding catches markers that are not ours.
  if (!text.startsWith(MARKER_PREFIX) || encodeMarker(text.slice(MARKER_PREFIX.length)) !== marker) throw invalidMarker()
  const key = text.slice(MARKER_PREFIX.length)
  if (key === '') throw invalidMarker()
  return key
}

/** One page of `items`, which must already be sorted by `key` (ascending, code-unit order). */
export function pageOf<T>(items: T[], key: (item: T) => string, request: PageRequest): Page<T> {
  const after = request.marker === undefined ? undefined : decodeMarker(request.marker)
  const start = after === undefined ? 0 : items.findIndex((item) => key(item) > after)
  const rest = start < 0 ? [] : items.slice(start)
  const page = rest.slice(0, request.maxItems)
  const isTruncated = rest.length > page.length
  return { items: page, isTruncated, marker: isTruncated ? encodeMarker(key(page[page.length - 1]!)) : undefined }
}

/** Role names are unique regardless of case in IAM, so the lower-case name is a stable, unique key. */
export const roleKey = (role: RoleRecord) => role.name.toLowerCase()

/** The account's roles in paging order (by name, case-insensitively). */
export function sortedRoles(state: Store, accountId: string): RoleRecord[] {
  const roles = [...(state.account(accountId)?.roles.values() ?? [])]
  return roles.sort((a, b) => (roleKey(a) < roleKey(b) ? -1 : roleKey(a) > roleKey(b) ? 1 : 0))
}
