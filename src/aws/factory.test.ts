/**
 * Factory behaviour that needs no endpoint: the SDK's Node-version notice, lazy loading, caching.
 * (Calls over HTTP are in test/e2e/aws-adapters.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createAwsFactory } from './factory.js'

const NOTICE = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'
const saved = process.env[NOTICE]

afterEach(() => {
  if (saved === undefined) delete process.env[NOTICE]
  else process.env[NOTICE] = saved
})

describe('createAwsFactory', () => {
  it("switches off only the SDK's future-Node-version notice, and respects a user's own setting", () => {
    delete process.env[NOTICE]
    createAwsFactory()
    expect(process.env[NOTICE]).toBe('true')
    process.env[NOTICE] = 'false'
    createAwsFactory()
    expect(process.env[NOTICE]).toBe('false')
  })

  it('caches clients per (credentials, region) and builds no SDK client until a port is called', () => {
    const factory = createAwsFactory()
    const keys = { static: { accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 'secret-one-secret-one' } }
    const east = factory.fromChain(keys, 'us-east-1')
    expect(factory.fromChain(keys, 'us-east-1')).toBe(east)
    expect(factory.fromChain(keys, 'us-west-2')).not.toBe(east)
    expect(factory.fromChain({ static: { ...keys.static, secretAccessKey: 'another-secret-two' } }, 'us-east-1')).not.toBe(east)
    expect(east.sts).toBe(east.sts)
    expect(east.bedrock('eu-west-1')).toBe(east.bedrock('eu-west-1'))
    expect(east.cloudTrail()).toBe(east.cloudTrail('us-east-1'))
    expect(Object.keys(east.iam)).toContain('simulatePrincipalPolicy')
  })
})
