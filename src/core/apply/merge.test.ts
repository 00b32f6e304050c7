import { describe, expect, it } from 'vitest'
import type { PolicyDocument, PolicyStatement } from '../evaluate.js'
import { sameDocument } from './canonical.js'
import { mergePolicy } from './merge.js'

// Fixture accounts: A = 111111111111 (source), B = 222222222222 (target).
const ours: PolicyStatement = {
  Sid: 'BedrockXacctTrust',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111111111111:root' },
  Action: 'sts:AssumeRole',
  Condition: { StringEquals: { 'sts:ExternalId': 'ext-0001' } }
}
const desired: PolicyDocument = { Version: '2012-10-17', Statement: [ours] }
const ec2: PolicyStatement = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }
const partner: PolicyStatement = { Sid: 'PartnerAudit', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'sts:AssumeRole' }

describe('mergePolicy', () => {
  it('creates the document from nothing', () => {
    const result = mergePolicy(undefined, desired)
    expect(result.document).toEqual(desired)
    expect(result.added).toEqual(['BedrockXacctTrust'])
    expect(result.unchanged).toBe(false)
  })

  it('keeps two unrelated statements and appends ours', () => {
    const result = mergePolicy({ Version: '2012-10-17', Statement: [ec2, partner] }, desired)
    expect(result.document.Statement).toEqual([ec2, partner, ours])
    expect(result.kept).toBe(2)
    expect(result.added).toEqual(['BedrockXacctTrust'])
  })

  it('replaces our statement in place (same position), keeping the others', () => {
    const old = { ...ours, Principal: { AWS: 'arn:aws:iam::111111111111:role/Old' } }
    const result = mergePolicy({ Version: '2012-10-17', Statement: [ec2, old, partner] }, desired)
    expect(result.document.Statement).toEqual([ec2, ours, partner])
    expect(result.replaced).toEqual(['BedrockXacctTrust'])
    expect(result.kept).toBe(2)
  })

  it.each([
    ['Principal', { ...ours, Principal: { AWS: 'arn:aws:iam::111111111111:user/someone' } }],
    ['Condition', { ...ours, Condition: { StringEquals: { 'sts:ExternalId': 'other-id' } } }],
    ['missing Condition', { Sid: ours.Sid, Effect: ours.Effect, Principal: ours.Principal, Action: ours.Action } as PolicyStatement]
  ])('detects a %s difference', (_label, existing) => {
    const result = mergePolicy({ Version: '2012-10-17', Statement: [existing] }, desired)
    expect(result.unchanged).toBe(false)
    expect(result.replaced).toEqual(['BedrockXacctTrust'])
  })

  it.each([
    ['identical', ours],
    ['single values as lists', { ...ours, Action: ['sts:AssumeRole'], Principal: { AWS: ['arn:aws:iam::111111111111:root'] } }],
    ['keys in another order', { Condition: ours.Condition, Action: ours.Action, Principal: ours.Principal, Effect: ours.Effect, Sid: ours.Sid } as PolicyStatement]
  ])('treats %s as unchanged', (_label, existing) => {
    const result = mergePolicy({ Version: '2012-10-17', Statement: [ec2, existing] }, desired)
    expect(result.unchanged).toBe(true)
  })

  it('accepts a single statement object (not a list)', () => {
    const result = mergePolicy({ Version: '2012-10-17', Statement: ours }, desired)
    expect(result.unchanged).toBe(true)
  })

  it('removes tool statements the setup no longer wants, keeps user statements with other Sids', () => {
    const marketplace: PolicyStatement = { Sid: 'BedrockXacctMarketplace', Effect: 'Allow', Action: 'aws-marketplace:ViewSubscriptions', Resource: '*' }
    const result = mergePolicy({ Version: '2012-10-17', Statement: [ours, marketplace, partner] }, desired)
    expect(result.document.Statement).toEqual([ours, partner])
    expect(result.removed).toEqual(['BedrockXacctMarketplace'])
    expect(sameDocument(result.document, { Version: '2012-10-17', Statement: [ours, partner] })).toBe(true)
  })

  it('keeps the existing Version and Id', () => {
    const result = mergePolicy({ Version: '2008-10-17', Id: 'mine', Statement: [partner] }, desired)
    expect(result.document.Version).toBe('2008-10-17')
    expect(result.document.Id).toBe('mine')
  })

  it('refuses desired statements without a Sid (the next run could not find them)', () => {
    expect(() => mergePolicy(undefined, { Version: '2012-10-17', Statement: [ec2] })).toThrow(/needs a Sid/)
  })
})
