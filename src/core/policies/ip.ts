/**
 * CIDR helpers for generated conditions, the self-check and the linter (ipaddr.js does the math,
 * IPv4 and IPv6). A bare address counts as a /32 or /128, as IAM treats it.
 */
import { createRequire } from 'node:module'

/** ipaddr.js is CommonJS with `export =`; load it the way Node does, with its own types. */
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as typeof import('ipaddr.js')
type Address = ReturnType<typeof ipaddr.parse>

/** Parse `a.b.c.d/n`, `x::/n` or a bare address; undefined when it is neither. */
export function parseCidr(text: string): [Address, number] | undefined {
  const cidr = text.includes('/') ? text : `${text}/${text.includes(':') ? 128 : 32}`
  try {
    return ipaddr.parseCIDR(cidr)
  } catch {
    return undefined
  }
}

export function cidrContains(cidr: string, ip: string): boolean {
  const range = parseCidr(cidr)
  if (!range || !ipaddr.isValid(ip)) return false
  const address = ipaddr.parse(ip)
  return address.kind() === range[0].kind() && address.match(range)
}

/** The first address of the first CIDR: an address inside the allow-list. */
export function addressInside(cidrs: readonly string[]): string | undefined {
  const first = cidrs[0]
  const range = first === undefined ? undefined : parseCidr(first)
  if (!range) return undefined
  const [address, bits] = range
  const network = address.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${bits}`) : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${bits}`)
  return network.toString()
}

/** Documentation and well-known public addresses to probe with; one of them is outside any sane list. */
const OUTSIDE_CANDIDATES = ['198.51.100.77', '192.0.2.77', '203.0.113.77', '8.8.8.8', '2001:db8:ffff::77', '2606:4700::1111']

/** A public address outside every CIDR of the list (undefined only if the list covers all candidates). */
export function addressOutside(cidrs: readonly string[]): string | undefined {
  return OUTSIDE_CANDIDATES.find((ip) => !cidrs.some((cidr) => cidrContains(cidr, ip)))
}

/**
 * Ranges that never appear in `aws:SourceIp`: AWS sees the public address a request arrives from,
 * so private, loopback, link-local and CGNAT addresses (and IPv6 unique-local) can never match.
 */
export const NON_PUBLIC_RANGES: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '100.64.0.0/10',
  'fc00::/7',
  'fe80::/10',
  '::1/128'
]

/** The non-public range wholly containing this CIDR, if any. */
export function nonPublicRangeOf(cidr: string): string | undefined {
  const parsed = parseCidr(cidr)
  if (!parsed) return undefined
  const [address, bits] = parsed
  return NON_PUBLIC_RANGES.find((range) => {
    const [rangeAddress, rangeBits] = parseCidr(range)!
    return rangeAddress.kind() === address.kind() && bits >= rangeBits && address.match(rangeAddress, rangeBits)
  })
}

/** True for `0.0.0.0/0`, `::/0` and anything else with prefix length 0: the whole address space. */
export function isWholeAddressSpace(cidr: string): boolean {
  const parsed = parseCidr(cidr)
  return parsed !== undefined && parsed[1] === 0
}
