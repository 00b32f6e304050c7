/**
 * docs/aws-facts.md §13 and the ExternalId rows, pinned by fact id: the installed SDK's STS
 * endpoint rules (the source the row cites) and the tool's own use of them; lint's ExternalId
 * message against botocore's externalIdType.
 */
import { STSClient } from '@aws-sdk/client-sts'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { lintPolicy } from '../../src/core/lint/index.js'
import { botocoreModel } from '../helpers/botocore.js'

describe('STS endpoints in the JavaScript SDK v3', () => {
  it('sdk.sts.regional-default: a regional endpoint by default; aws-global selects sts.amazonaws.com; the tool never asks for the global one', async () => {
    const resolve = (region: string) => {
      const client = new STSClient({ region, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } })
      const useGlobalEndpoint = client.config.useGlobalEndpoint as unknown
      expect(useGlobalEndpoint).toBe(false)
      return client.config.endpointProvider({ Region: region, UseDualStack: false, UseFIPS: false, UseGlobalEndpoint: false }).url.href
    }
    expect(resolve('eu-west-1')).toBe('https://sts.eu-west-1.amazonaws.com/')
    expect(resolve('us-east-1')).toBe('https://sts.us-east-1.amazonaws.com/')
    expect(resolve('aws-global')).toBe('https://sts.amazonaws.com/')
    const sources = ['../../src/aws/factory.ts', '../../src/aws/sts.ts'].map((path) => readFileSync(new URL(path, import.meta.url), 'utf8')).join('\n')
    expect(sources).not.toMatch(/useGlobalEndpoint|aws-global/)
  })
})

describe('ExternalId', () => {
  it('sts.external-id.console-spaces: lint refuses an ExternalId STS would refuse, citing STS (botocore externalIdType), and claims nothing about the console', () => {
    const sts = botocoreModel('sts')
    expect(sts.regex('externalIdType').test('ext 123')).toBe(false)
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext 123' } } }] }
    const findings = lintPolicy(trust, { kind: 'trust' }).filter((finding) => finding.message.includes('sts:ExternalId'))
    expect(findings.map((finding) => finding.rule)).toContain('external-id-format')
    expect(findings.map((finding) => finding.message).join(' ')).not.toMatch(/console/i)
  })
})
