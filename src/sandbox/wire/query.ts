/**
 * The query protocol's request side (STS, IAM): parameters from a form-encoded POST body or the
 * query string, decoded into the API's structure: `Name.member.N` becomes a list, `.Key`-style
 * suffixes members of a structure (`Tags.member.1.Key` → `Tags: [{ Key }]`). The first value of a
 * repeated name wins, as URLSearchParams.get would.
 */
import type { OperationInput } from '../engine/params.js'
import type { ApiValue } from '../engine/types.js'

/** Parameters of a query-protocol request: the form body of a POST, or the query string. */
export function queryParams(method: string, query: URLSearchParams, headers: Record<string, string>, body: Buffer): URLSearchParams {
  const contentType = headers['content-type'] ?? ''
  if (method === 'POST' && (contentType.startsWith('application/x-www-form-urlencoded') || contentType === '')) {
    const params = new URLSearchParams(body.toString('utf8'))
    for (const [key, value] of query) if (!params.has(key)) params.append(key, value)
    return params
  }
  return query
}

type Node = { [key: string]: ApiValue }

const isNode = (value: ApiValue): value is Node => value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)

/** Flat query parameters as the operation's structured input. */
export function decodeQuery(params: URLSearchParams): OperationInput {
  const root: Node = {}
  for (const [key, value] of params) {
    const parts = key.split('.')
    let node: Node = root
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i]!
      const index = parts[i + 1] === 'member' && /^[1-9]\d*$/.test(parts[i + 2] ?? '') ? Number(parts[i + 2]) - 1 : undefined
      if (index !== undefined) {
        const existing = node[name]
        if (existing !== undefined && !Array.isArray(existing)) break
        const list: ApiValue[] = existing ?? (node[name] = [])
        if (i + 2 === parts.length - 1) {
          if (list[index] === undefined) list[index] = value
          break
        }
        const item = list[index]
        if (item !== undefined && !isNode(item)) break
        node = item ?? (list[index] = {})
        i += 2
        continue
      }
      if (i === parts.length - 1) {
        if (node[name] === undefined) node[name] = value
        break
      }
      const child = node[name]
      if (child !== undefined && !isNode(child)) break
      node = child ?? (node[name] = {})
    }
  }
  return root
}
