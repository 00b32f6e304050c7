/**
 * The adapters against canned AWS wire responses from a bare local HTTP server (no sandbox):
 * exactly the bytes AWS sends for the cases the SDK leaves to us — an empty 200 to AssumeRole,
 * IAM's URL-encoded documents, IAM's Marker paging, a LookupEvents page without Events.
 * Accounts: B = 222222222222 (the role's).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isAwsCallError, type AwsCallError } from '../core/ports/aws-error.js'
import { createAwsFactory } from './factory.js'
import type { AwsCallRecord } from './factory.js'
import type { AwsClients } from '../core/ports/aws.js'

const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }] }

/** Canned responses by query Action (STS/IAM) or x-amz-target (CloudTrail). */
const responses: Record<string, (body: URLSearchParams) => { status: number; type: string; body: string }> = {
  AssumeRole: () => ({ status: 200, type: 'text/xml', body: '' }),
  GetCallerIdentity: () => ({ status: 200, type: 'text/xml', body: '<GetCallerIdentityResponse><GetCallerIdentityResult></GetCallerIdentityResult></GetCallerIdentityResponse>' }),
  GetRole: () => ({
    status: 200,
    type: 'text/xml',
    body: `<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role><Path>/</Path><RoleName>R</RoleName><RoleId>AROAEXAMPLE</RoleId><Arn>arn:aws:iam::222222222222:role/R</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>${encodeURIComponent(JSON.stringify(TRUST))}</AssumeRolePolicyDocument><MaxSessionDuration>7200</MaxSessionDuration><Tags><member><Key>managed-by</Key><Value>bedrock-xacct</Value></member></Tags></Role></GetRoleResult></GetRoleResponse>`
  }),
  ListRolePolicies: (body) => {
    const second = body.get('Marker') === 'page-2'
    const names = second ? ['c'] : ['a', 'b']
    const more = second ? '<IsTruncated>false</IsTruncated>' : '<IsTruncated>true</IsTruncated><Marker>page-2</Marker>'
    return { status: 200, type: 'text/xml', body: `<ListRolePoliciesResponse><ListRolePoliciesResult><PolicyNames>${names.map((n) => `<member>${n}</member>`).join('')}</PolicyNames>${more}</ListRolePoliciesResult></ListRolePoliciesResponse>` }
  },
  ListUserPolicies: () => ({
    status: 200,
    type: 'text/xml',
    body: '<ListUserPoliciesResponse><ListUserPoliciesResult><PolicyNames><member>a</member></PolicyNames><IsTruncated>true</IsTruncated><Marker>same</Marker></ListUserPoliciesResult></ListUserPoliciesResponse>'
  }),
  // moto's shape: the list without IsTruncated, which IAM's model allows to be absent.
  ListPolicyVersions: () => ({
    status: 200,
    type: 'text/xml',
    body: '<ListPolicyVersionsResponse><ListPolicyVersionsResult><Versions><member><VersionId>v2</VersionId><IsDefaultVersion>true</IsDefaultVersion><CreateDate>2026-01-02T00:00:00Z</CreateDate></member><member><VersionId>v1</VersionId><IsDefaultVersion>false</IsDefaultVersion><CreateDate>2026-01-01T00:00:00Z</CreateDate></member></Versions></ListPolicyVersionsResult></ListPolicyVersionsResponse>'
  }),
  // An empty 200: neither the list nor IsTruncated.
  ListAttachedRolePolicies: () => ({ status: 200, type: 'text/xml', body: '' }),
  'CloudTrail_20131101.LookupEvents': () => ({ status: 200, type: 'application/x-amz-json-1.1', body: '{}' })
}

let server: Server
let clients: AwsClients
const observed: AwsCallRecord[] = []

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = ''
    request.on('data', (chunk: Buffer) => (text += chunk.toString()))
    request.on('end', () => {
      const form = new URLSearchParams(text)
      const key = (request.headers['x-amz-target'] as string | undefined) ?? form.get('Action') ?? ''
      const answer = responses[key]?.(form) ?? { status: 400, type: 'text/xml', body: '<ErrorResponse><Error><Code>InvalidAction</Code><Message>unknown</Message></Error></ErrorResponse>' }
      response.writeHead(answer.status, { 'content-type': answer.type, 'x-amzn-requestid': 'req-canned' })
      response.end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const endpointUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  clients = createAwsFactory({ endpointUrl, maxAttempts: 1, onCall: (record) => observed.push(record) }).fromChain({ static: { accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 'example-secret-example' }, accountId: '222222222222' }, 'us-east-1')
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

async function failureOf(promise: Promise<unknown>): Promise<AwsCallError> {
  try {
    await promise
  } catch (error) {
    if (isAwsCallError(error)) return error
    throw error
  }
  throw new Error('expected an AwsCallError')
}

describe('adapters over canned wire responses', () => {
  it('an empty 200 to AssumeRole is "unavailable: malformed response", never credentials', async () => {
    const error = await failureOf(clients.sts.assumeRole({ roleArn: 'arn:aws:iam::222222222222:role/R', roleSessionName: 's' }))
    expect(error.failure).toMatchObject({ kind: 'unavailable', service: 'sts', operation: 'AssumeRole', statusCode: 200 })
    expect(error.failure.awsMessage).toMatch(/malformed response/)
    expect(error.exitCode).toBe(3)
  })

  it('tells the observer about each call: outcome, attempts, duration, never the input', async () => {
    observed.length = 0
    await clients.iam.getRole('R')
    await failureOf(clients.sts.assumeRole({ roleArn: 'arn:aws:iam::222222222222:role/R', roleSessionName: 'secret-session' }))
    expect(observed.map((r) => [r.service, r.operation, r.outcome, r.attempts, r.region])).toEqual([
      ['iam', 'GetRole', 'ok', 1, 'us-east-1'],
      ['sts', 'AssumeRole', 'unavailable', undefined, 'us-east-1']
    ])
    expect(JSON.stringify(observed)).not.toContain('secret-session')
  })

  it("gives each record AWS's request id (x-amzn-requestid), for a success and for a failure", async () => {
    observed.length = 0
    await clients.iam.getRole('R')
    await failureOf(clients.sts.assumeRole({ roleArn: 'arn:aws:iam::222222222222:role/R', roleSessionName: 's' }))
    await failureOf(clients.iam.getPolicy('arn:aws:iam::222222222222:policy/unknown'))
    expect(observed.map((r) => [r.operation, r.outcome, r.requestId])).toEqual([
      ['GetRole', 'ok', 'req-canned'],
      ['AssumeRole', 'unavailable', 'req-canned'],
      ['GetPolicy', 'invalid-request', 'req-canned']
    ])
  })

  it('a GetCallerIdentity without Account/Arn is malformed too', async () => {
    expect((await failureOf(clients.sts.getCallerIdentity())).failure.kind).toBe('unavailable')
  })

  it("decodes GetRole's URL-encoded trust policy and reads tags and MaxSessionDuration", async () => {
    expect(await clients.iam.getRole('R')).toEqual({
      arn: 'arn:aws:iam::222222222222:role/R',
      name: 'R',
      path: '/',
      roleId: 'AROAEXAMPLE',
      trustPolicy: TRUST,
      maxSessionDurationSeconds: 7200,
      description: undefined,
      permissionsBoundaryArn: undefined,
      tags: { 'managed-by': 'bedrock-xacct' }
    })
  })

  it('follows Marker/IsTruncated to the end, and refuses a repeated marker instead of looping', async () => {
    expect(await clients.iam.listRolePolicies('R')).toEqual(['a', 'b', 'c'])
    const error = await failureOf(clients.iam.listUserPolicies('u'))
    expect(error.failure).toMatchObject({ kind: 'unavailable', operation: 'ListUserPolicies' })
  })

  it('a list without IsTruncated (moto) is the last page; an empty 200 is still an error (issue 17)', async () => {
    expect((await clients.iam.listPolicyVersions('arn:aws:iam::222222222222:policy/P')).map((v) => v.versionId)).toEqual(['v2', 'v1'])
    const error = await failureOf(clients.iam.listAttachedRolePolicies('R'))
    expect(error.failure).toMatchObject({ kind: 'unavailable', operation: 'ListAttachedRolePolicies' })
  })

  it('a LookupEvents page without Events is an error, not "no events yet"', async () => {
    const error = await failureOf(clients.cloudTrail().lookupEvents({ startTime: new Date(0), endTime: new Date(), maxPages: 1 }))
    expect(error.failure).toMatchObject({ kind: 'unavailable', operation: 'LookupEvents' })
  })
})
