/**
 * IP addresses and CIDRs as `aws:SourceIp` understands them (ipaddr.js does the math, IPv4 and
 * IPv6). One module for the setup validators, the self-check, the linter, verify's CloudTrail
 * comparison and explain, so that they all agree on what a valid and a public address is.
 */
import { createRequire } from 'node:module'

type IpAddr = typeof import('ipaddr.js')
type Address = ReturnType<IpAddr['parse']>

let loaded: IpAddr | undefined
/**
 * ipaddr.js is CommonJS with `export =`; load it the way Node does, with its own types, on first
 * use: the setup field table imports this module, and `--help` must not read a package
 * (test/e2e/startup.test.ts).
 */
function ipaddr(): IpAddr {
  loaded ??= createRequire(import.meta.url)('ipaddr.js') as IpAddr
  return loaded
}

/** ipaddr.js also accepts legacy IPv4 forms (`1.2.3`, octal, hex); IAM wants four decimal parts. */
const IPV4_TEXT = /^\d{1,3}(\.\d{1,3}){3}$/
const IPV6_TEXT = /^[0-9a-fA-F:.]+$/

/**
 * Parse `a.b.c.d/n`, `x::/n` or a bare address (a /32 or /128, as IAM treats it); undefined when it
 * is neither, including legacy IPv4 spellings IAM does not accept.
 */
export function parseCidr(text: string): [Address, number] | undefined {
  const trimmed = text.trim()
  const addressText = trimmed.split('/')[0] ?? ''
  if (!IPV4_TEXT.test(addressText) && !(addressText.includes(':') && IPV6_TEXT.test(addressText))) return undefined
  const cidr = trimmed.includes('/') ? trimmed : `${trimmed}/${trimmed.includes(':') ? 128 : 32}`
  try {
    return ipaddr().parseCIDR(cidr)
  } catch {
    return undefined
  }
}

/** A single IPv4 or IPv6 address (no prefix), in the syntax IAM and CloudTrail use. */
export function isIp(text: string): boolean {
  return !text.includes('/') && parseCidr(text) !== undefined
}

export function cidrContains(cidr: string, ip: string): boolean {
  const range = parseCidr(cidr)
  if (!range || !isIp(ip)) return false
  const address = ipaddr().parse(ip.trim())
  return address.kind() === range[0].kind() && address.match(range)
}

/** Whether `ip` lies in any of `cidrs`; undefined when `ip` is no address or no CIDR parses (nothing can be said). */
export function ipInCidrs(ip: string, cidrs: readonly string[]): boolean | undefined {
  if (!isIp(ip)) return undefined
  const parsed = cidrs.filter((cidr) => parseCidr(cidr) !== undefined)
  if (parsed.length === 0) return undefined
  return parsed.some((cidr) => cidrContains(cidr, ip))
}

/** The network address of the first CIDR: an address inside the allow-list, for offline evaluation. */
export function addressInside(cidrs: readonly string[]): string | undefined {
  const first = cidrs[0]
  const range = first === undefined ? undefined : parseCidr(first)
  if (!range) return undefined
  const [address, bits] = range
  const network = address.kind() === 'ipv4' ? ipaddr().IPv4.networkAddressFromCIDR(`${address.toString()}/${bits}`) : ipaddr().IPv6.networkAddressFromCIDR(`${address.toString()}/${bits}`)
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
 * so private, loopback, link-local, CGNAT, multicast and similar addresses can never match.
 * Documentation ranges (TEST-NET, 2001:db8::/32) stay allowed: examples and the sandbox use them.
 */
export const NON_PUBLIC_RANGES: readonly { cidr: string; kind: string }[] = [
  { cidr: '10.0.0.0/8', kind: 'private' },
  { cidr: '172.16.0.0/12', kind: 'private' },
  { cidr: '192.168.0.0/16', kind: 'private' },
  { cidr: '127.0.0.0/8', kind: 'loopback' },
  { cidr: '169.254.0.0/16', kind: 'link-local' },
  { cidr: '100.64.0.0/10', kind: 'carrier-grade NAT' },
  { cidr: '0.0.0.0/8', kind: 'unspecified' },
  { cidr: '224.0.0.0/4', kind: 'multicast' },
  { cidr: '255.255.255.255/32', kind: 'broadcast' },
  { cidr: 'fc00::/7', kind: 'unique-local (private)' },
  { cidr: 'fe80::/10', kind: 'link-local' },
  { cidr: '::1/128', kind: 'loopback' },
  { cidr: '::/128', kind: 'unspecified' },
  { cidr: 'ff00::/8', kind: 'multicast' },
  { cidr: '::ffff:0:0/96', kind: 'IPv4-mapped' }
]

/** The non-public range wholly containing this CIDR, if any. */
export function nonPublicRangeOf(cidr: string): { cidr: string; kind: string } | undefined {
  const parsed = parseCidr(cidr)
  if (!parsed) return undefined
  const [address, bits] = parsed
  return NON_PUBLIC_RANGES.find((range) => {
    const [rangeAddress, rangeBits] = parseCidr(range.cidr)!
    return rangeAddress.kind() === address.kind() && bits >= rangeBits && address.match(rangeAddress, rangeBits)
  })
}

/** True for `0.0.0.0/0`, `::/0` and anything else with prefix length 0: the whole address space. */
export function isWholeAddressSpace(cidr: string): boolean {
  const parsed = parseCidr(cidr)
  return parsed !== undefined && parsed[1] === 0
}
