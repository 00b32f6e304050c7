/**
 * Lint rules for `aws:SourceIp` (DESIGN §4): it holds the public address AWS sees, never `*`,
 * never a private range, absent through VPC endpoints, and it blocks calls services make for you.
 */
import { isWholeAddressSpace, nonPublicRangeOf, parseCidr } from '../ip.js'
import { hasConditionKey } from './statements.js'
import { at, type LintFinding, type StatementRule } from './types.js'

const VPC_FIX = 'For private addresses use aws:VpcSourceIp together with aws:SourceVpc or aws:SourceVpce; for internet traffic list the public egress (NAT) addresses.'

export const sourceIpValues: StatementRule = (s) => {
  const findings: LintFinding[] = []
  for (const entry of s.conditions.filter((c) => c.key === 'aws:sourceip')) {
    const positive = !/^not/i.test(entry.baseOperator)
    for (const value of entry.values) {
      if (value === '*' || isWholeAddressSpace(value)) {
        findings.push({
          rule: 'source-ip-wildcard',
          severity: 'error',
          statement: at(s),
          message: `${entry.operator} aws:SourceIp ${JSON.stringify(value)} ${positive ? 'matches every address: the condition restricts nothing while looking like it does' : 'excludes every address'}${value === '*' ? ' ("*" is not even a CIDR; IAM does not treat it as a wildcard here)' : ''}.`,
          fix: 'List the public CIDRs your callers use (e.g. 203.0.113.0/24), or remove the condition.'
        })
        continue
      }
      if (!parseCidr(value)) {
        findings.push({
          rule: 'source-ip-invalid',
          severity: 'error',
          statement: at(s),
          message: `aws:SourceIp ${JSON.stringify(value)} is not an IPv4/IPv6 address or CIDR, so it never matches.`,
          fix: 'Write it as a CIDR such as 203.0.113.0/24 or 2001:db8::/32.'
        })
        continue
      }
      const range = nonPublicRangeOf(value)
      if (range) {
        const deadAllow = positive && s.effect === 'Allow'
        findings.push({
          rule: 'source-ip-private',
          severity: deadAllow ? 'error' : 'warning',
          statement: at(s),
          message: `aws:SourceIp ${value} ${value === range.cidr ? 'is' : 'lies in'} the non-public (${range.kind}) range ${range.cidr}, but aws:SourceIp only ever holds the public address AWS sees (requests through a VPC endpoint carry none at all)${deadAllow ? ', so this Allow never matches for it' : ''}.`,
          fix: VPC_FIX
        })
      }
    }
  }
  return findings
}

export const sourceIpDenyWithoutViaService: StatementRule = (s) => {
  if (s.effect !== 'Deny') return []
  const notIp = s.conditions.some((c) => c.key === 'aws:sourceip' && /^notipaddress$/i.test(c.baseOperator))
  if (!notIp || hasConditionKey(s, 'aws:ViaAWSService')) return []
  return [
    {
      rule: 'source-ip-deny-blocks-services',
      severity: 'warning',
      statement: at(s),
      message: "This Deny on aws:SourceIp also blocks calls AWS services make on your behalf (their address is AWS's, not yours).",
      fix: 'Add "Bool": { "aws:ViaAWSService": "false" } to the Deny, as AWS\'s IP-restriction example does.'
    }
  ]
}

export const IP_RULES: StatementRule[] = [sourceIpValues, sourceIpDenyWithoutViaService]
