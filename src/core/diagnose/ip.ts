/** Whether an IP is inside any of a list of CIDRs (ipaddr.js; IPv4 and IPv6). Undefined when either side is not parseable. */
import { createRequire } from 'node:module'

/** ipaddr.js is CommonJS with `export =`; load it the way Node does. */
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as typeof import('ipaddr.js')

export function ipInAny(ip: string, cidrs: readonly string[]): boolean | undefined {
  if (!ipaddr.isValid(ip)) return undefined
  const address = ipaddr.process(ip)
  let parsedAny = false
  for (const cidr of cidrs) {
    try {
      const range = ipaddr.parseCIDR(cidr.includes('/') ? cidr : `${cidr}/${cidr.includes(':') ? 128 : 32}`)
      parsedAny = true
      if (address.kind() === range[0].kind() && address.match(range)) return true
    } catch {
      continue
    }
  }
  return parsedAny ? false : undefined
}

export function isIp(text: string): boolean {
  return ipaddr.isValid(text)
}
