/**
 * Event matching shared by verify and trail. Fixtures: role in B = 222222222222, caller in A = 111111111111.
 */
import { describe, expect, it } from 'vitest'
import type { TrailEvent } from '../ports/aws.js'
import { findRunAssumeRole, findRunInvoke, planTrailQueries, selectTrailEvents, toTrailRow } from './trail-match.js'

const ROLE = 'arn:aws:iam::222222222222:role/BedrockAccessRole'
let n = 0
function event(eventName: string, record: Record<string, unknown>, eventSource = 'sts.amazonaws.com'): TrailEvent {
  n++
  return { eventId: `e${n}`, eventName, eventSource, eventTime: new Date(Date.UTC(2026, 0, 1, 0, 0, n)), record }
}
const assume = (session: string, extra: Record<string, unknown> = {}) =>
  event('AssumeRole', { requestParameters: { roleArn: ROLE, roleSessionName: session }, userIdentity: { type: 'AWSAccount', accountId: '111111111111', accessKeyId: 'AKIAXXXX' }, sourceIPAddress: '203.0.113.10', ...extra })
const converse = (session: string, extra: Record<string, unknown> = {}) =>
  event('Converse', { requestParameters: { modelId: 'amazon.nova-lite-v1:0' }, userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::222222222222:assumed-role/BedrockAccessRole/${session}` }, ...extra }, 'bedrock.amazonaws.com')

describe('trail matching', () => {
  it("finds this run's AssumeRole and Converse by session name, ignoring others and errors", () => {
    const events = [assume('other'), assume('run-1', { errorCode: 'AccessDenied' }), assume('run-1'), converse('other'), converse('run-1')]
    expect(findRunAssumeRole(events, ROLE, 'run-1')?.eventId).toBe(events[2]!.eventId)
    expect(findRunInvoke(events, ROLE, 'run-1')?.eventId).toBe(events[4]!.eventId)
    expect(findRunAssumeRole(events, 'arn:aws:iam::222222222222:role/Other', 'run-1')).toBeUndefined()
  })

  it("selects the role's events, errors only on request, deduplicated and ordered", () => {
    const denied = converse('s', { errorCode: 'AccessDeniedException' })
    const unrelated = event('AssumeRole', { requestParameters: { roleArn: 'arn:aws:iam::222222222222:role/Other', roleSessionName: 'x' } })
    const ok = assume('s')
    expect(selectTrailEvents([denied, unrelated, ok, ok], ROLE, { errorsOnly: false }).map((e) => e.eventId)).toEqual([denied.eventId, ok.eventId])
    expect(selectTrailEvents([denied, ok], ROLE, { errorsOnly: true })).toEqual([denied])
  })

  it('rows carry no access key id', () => {
    const row = toTrailRow(assume('s'), 'us-east-1')
    expect(JSON.stringify(row)).not.toContain('AKIA')
    expect(row).toMatchObject({ eventName: 'AssumeRole', principal: 'account 111111111111', target: ROLE, roleSessionName: 's', sourceIPAddress: '203.0.113.10' })
  })

  it('plans AssumeRole in the region and us-east-1, Bedrock only in the region of the target', () => {
    expect(planTrailQueries('eu-west-1', 'target')).toEqual([
      { region: 'eu-west-1', attribute: { key: 'EventName', value: 'AssumeRole' } },
      { region: 'us-east-1', attribute: { key: 'EventName', value: 'AssumeRole' } },
      { region: 'eu-west-1', attribute: { key: 'EventSource', value: 'bedrock.amazonaws.com' } }
    ])
    expect(planTrailQueries('us-east-1', 'source')).toEqual([{ region: 'us-east-1', attribute: { key: 'EventName', value: 'AssumeRole' } }])
  })
})
