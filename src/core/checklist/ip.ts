/**
 * CIDR helpers for the SourceIp comparisons (ipaddr.js does the math, IPv4 and IPv6).
 */
import { createRequire } from 'node:module'

/** ipaddr.js is CommonJS with `export =`; load it the way src/core/setup/validators.ts does. */
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as typeof import('ipaddr.js')

/** Whether `ip` lies in any of `cidrs`; invalid inputs are simply not contained. */
export function ipInCidrs(ip: string, cidrs: readonly string[]): boolean {
  let address: ReturnType<typeof ipaddr.process>
  try {
    address = ipaddr.process(ip)
  } catch {
    return false
  }
  return cidrs.some((cidr) => {
    try {
      const [range, bits] = ipaddr.parseCIDR(cidr.includes('/') ? cidr : `${cidr}/${cidr.includes(':') ? 128 : 32}`)
      return address.kind() === range.kind() && address.match([range, bits] as never)
    } catch {
      return false
    }
  })
}

/**
 * An address inside the first allowed CIDR, to evaluate policies that carry `aws:SourceIp` offline
 * (we cannot know our public IP without a live call; the CloudTrail checks compare the real one).
 */
export function representativeIp(cidrs: readonly string[]): string | undefined {
  const first = cidrs[0]
  if (!first) return undefined
  try {
    const [range] = ipaddr.parseCIDR(first.includes('/') ? first : `${first}/${first.includes(':') ? 128 : 32}`)
    return range.toString()
  } catch {
    return undefined
  }
}
