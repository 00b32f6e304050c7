import { describe, expect, it } from 'vitest'
import { addressInside, addressOutside, cidrContains, ipInCidrs, isIp, isWholeAddressSpace, nonPublicRangeOf, parseCidr } from './ip.js'

describe('parseCidr', () => {
  it.each(['203.0.113.0/24', '203.0.113.9', '2001:db8::/32', '2001:db8::1', ' 198.51.100.0/24 '])('accepts %j', (text) => expect(parseCidr(text)).toBeDefined())
  it.each(['*', '', '1.2.3.4/33', '1.2.3', '0x7f.1.1.1', '300.1.1.1', 'gggg::/16', '2001:db8::/129', 'example.com'])('rejects %j', (text) => expect(parseCidr(text)).toBeUndefined())
})

describe('membership', () => {
  it.each([
    ['203.0.113.9', ['203.0.113.0/24'], true],
    ['198.51.100.9', ['203.0.113.0/24'], false],
    ['2001:db8::5', ['2001:db8::/32'], true],
    ['203.0.113.9', ['2001:db8::/32'], false],
    ['not-an-ip', ['203.0.113.0/24'], undefined],
    ['203.0.113.9', ['bogus'], undefined]
  ] as const)('%s in %j → %s', (ip, cidrs, expected) => expect(ipInCidrs(ip, cidrs)).toBe(expected))

  it('finds an address inside and one outside an allow-list', () => {
    const cidrs = ['203.0.113.0/24']
    expect(cidrContains(cidrs[0]!, addressInside(cidrs)!)).toBe(true)
    expect(cidrContains(cidrs[0]!, addressOutside(cidrs)!)).toBe(false)
  })

  it('isIp takes single addresses only', () => {
    expect(isIp('203.0.113.9')).toBe(true)
    expect(isIp('203.0.113.0/24')).toBe(false)
  })
})

describe('nonPublicRangeOf', () => {
  it.each([
    ['10.0.0.0/8', 'private'],
    ['172.20.1.0/24', 'private'],
    ['192.168.1.10', 'private'],
    ['127.0.0.1', 'loopback'],
    ['100.64.1.0/24', 'carrier-grade NAT'],
    ['fd00::/8', 'unique-local (private)'],
    ['::1', 'loopback'],
    ['224.0.0.1', 'multicast']
  ])('%s is %s', (cidr, kind) => expect(nonPublicRangeOf(cidr)?.kind).toBe(kind))

  it.each(['203.0.113.0/24', '8.8.8.8', '2001:db8::/32', '10.0.0.0/7'])('%s is public (or not wholly private)', (cidr) => expect(nonPublicRangeOf(cidr)).toBeUndefined())

  it('a /0 is the whole address space', () => {
    expect(isWholeAddressSpace('0.0.0.0/0')).toBe(true)
    expect(isWholeAddressSpace('::/0')).toBe(true)
    expect(isWholeAddressSpace('203.0.113.0/24')).toBe(false)
  })
})
