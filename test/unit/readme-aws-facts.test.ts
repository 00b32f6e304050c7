/**
 * README's statements about AWS match docs/aws-facts.md and the service models (issue 18): each
 * number README's "AWS facts it relies on" states is checked against botocore's model (an oracle
 * we did not write, installed with the AWS CLI) and against the facts file's row, and the tool's
 * limits module agrees with both.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ASSUME_ROLE_DURATION_SECONDS, EXTERNAL_ID, ROLE_CHAINING_MAX_SECONDS, ROLE_MAX_SESSION_SECONDS } from '../../src/core/aws-limits.js'
import { factRow } from '../helpers/aws-facts-table.js'
import { botocoreModel } from '../helpers/botocore.js'
import { serviceReference } from '../helpers/service-reference.js'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const section = readme.slice(readme.indexOf('## AWS facts it relies on'), readme.indexOf('## How it is built'))
/** A facts row's text, all cells (test/helpers/aws-facts-table.ts). */
const row = (id: string) => Object.values(factRow(id).cells).join(' | ')

/** A botocore shape the README's numbers are checked against (test/helpers/botocore.ts). */
const botocoreShape = (service: string, shape: string) => botocoreModel(service).shape(shape)

describe("README's AWS facts", () => {
  it('MaxSessionDuration 3600–43200 (botocore iam roleMaxSessionDurationType; facts iam.max-session-duration.range)', () => {
    expect(section).toContain(`${ROLE_MAX_SESSION_SECONDS.min}–${ROLE_MAX_SESSION_SECONDS.max} s`)
    expect(botocoreShape('iam', 'roleMaxSessionDurationType')).toMatchObject({ min: ROLE_MAX_SESSION_SECONDS.min, max: ROLE_MAX_SESSION_SECONDS.max })
    expect(row('iam.max-session-duration.range')).toMatch(/3600 to 43200/)
  })

  it('DurationSeconds from 900, role chaining 3600 (botocore sts roleDurationSecondsType; facts sts.duration-seconds.range, sts.role-chaining.cap)', () => {
    expect(section).toContain(`${ASSUME_ROLE_DURATION_SECONDS.min} s up to it`)
    expect(section).toContain(`${ROLE_CHAINING_MAX_SECONDS} s at most when a role assumes another role`)
    expect(botocoreShape('sts', 'roleDurationSecondsType')).toMatchObject({ min: ASSUME_ROLE_DURATION_SECONDS.min, max: ASSUME_ROLE_DURATION_SECONDS.max })
    expect(row('sts.duration-seconds.range')).toMatch(/900–43200/)
    expect(row('sts.role-chaining.cap')).toMatch(/1 h/)
  })

  it('ExternalId 2–1224 (botocore sts externalIdType; facts sts.external-id.format)', () => {
    expect(section).toContain(`${EXTERNAL_ID.minLength}–${EXTERNAL_ID.maxLength} characters`)
    expect(botocoreShape('sts', 'externalIdType')).toMatchObject({ min: EXTERNAL_ID.minLength, max: EXTERNAL_ID.maxLength })
    expect(row('sts.external-id.format')).toMatch(/2–1224/)
  })

  it('LookupEvents 50 per page, 2/s, 90 days (botocore cloudtrail; facts trail.lookup.*)', () => {
    expect(section).toMatch(/2 requests\/s per account and region, at most 50 events per page, 90 days/)
    expect(botocoreShape('cloudtrail', 'MaxResults')).toMatchObject({ min: 1, max: 50 })
    expect(row('trail.lookup.rate')).toMatch(/2 requests per second/)
    expect(row('trail.lookup.page')).toMatch(/At most 50 events/)
    expect(row('trail.lookup.90-days')).toMatch(/90 days/)
  })

  it('sts:DurationSeconds is never set for AssumeRole (service reference; facts ctx.duration-seconds.never-on-assume-role)', () => {
    expect(section).toContain('`sts:DurationSeconds` is never set for AssumeRole: a condition on it never matches (`…IfExists`: always).')
    expect(serviceReference('sts').assumerole?.conditionKeys).not.toContain('sts:DurationSeconds')
    expect(row('ctx.duration-seconds.never-on-assume-role')).toMatch(/`…IfExists` always matches/)
  })

  it('global profiles and "unspecified" (facts ctx.requested-region.global-unspecified, profile.global.iam)', () => {
    expect(section).toContain('`aws:RequestedRegion` = `unspecified`')
    expect(row('ctx.requested-region.global-unspecified')).toMatch(/"unspecified"/)
    expect(row('bedrock.converse.action')).toMatch(/bedrock:InvokeModelWithResponseStream/)
    expect(row('bedrock.converse.no-embeddings')).toMatch(/embedding or image-generation/)
  })
})
