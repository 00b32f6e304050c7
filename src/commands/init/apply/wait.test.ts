import { describe, expect, it } from 'vitest'
import { AwsCallError, type AwsFailureKind } from '../../../core/ports/aws-error.js'
import type { AssumedRole, StsPort } from '../../../core/ports/aws.js'
import { PROPAGATION_DEADLINE_MS, spinnerProgress, waitForAssumeRole } from './wait.js'

// Role in B = 222222222222, assumed by the caller in A = 111111111111.
const ROLE = 'arn:aws:iam::222222222222:role/BedrockAccessRole'

function stsFailing(kinds: AwsFailureKind[]): StsPort & { attempts: number } {
  const port = {
    attempts: 0,
    getCallerIdentity: async () => ({ account: '111111111111', arn: 'arn:aws:iam::111111111111:user/app-caller', userId: 'AIDA1' }),
    assumeRole: async (): Promise<AssumedRole> => {
      const kind = kinds[port.attempts++]
      if (kind) throw new AwsCallError({ service: 'sts', operation: 'AssumeRole', kind, awsMessage: `${kind}` })
      return { credentials: { accessKeyId: 'ASIA', secretAccessKey: 's', sessionToken: 't', expiration: new Date() }, assumedRoleArn: 'x', assumedRoleId: 'y' }
    },
    assumeRoleWithWebIdentity: async (): Promise<AssumedRole> => {
      throw new Error('apply never assumes with a web identity')
    }
  }
  return port
}

function clock() {
  let now = 0
  const slept: number[] = []
  return { now: () => now, sleep: async (ms: number) => void (slept.push(ms), (now += ms)), slept }
}

const quiet = { start: () => undefined, update: () => undefined, succeed: () => undefined, warn: () => undefined }

describe('waitForAssumeRole', () => {
  it('retries denials with doubling delays until AssumeRole works', async () => {
    const sts = stsFailing(['access-denied', 'access-denied'])
    const c = clock()
    const result = await waitForAssumeRole(sts, { roleArn: ROLE, roleSessionName: 's' }, { ...c, progress: quiet })
    expect(result).toMatchObject({ status: 'ready', attempts: 3 })
    expect(c.slept).toEqual([500, 1000])
  })

  it('stops at the deadline, never sleeping past it', async () => {
    const sts = stsFailing(Array(100).fill('access-denied'))
    const c = clock()
    const result = await waitForAssumeRole(sts, { roleArn: ROLE, roleSessionName: 's' }, { ...c, progress: quiet })
    expect(result.status).toBe('timeout')
    expect(c.now()).toBeLessThanOrEqual(PROPAGATION_DEADLINE_MS)
    expect(Math.max(...c.slept)).toBe(4000)
  })

  it('does not retry what propagation cannot fix (bad credentials, invalid request)', async () => {
    for (const kind of ['credentials', 'invalid-request'] as const) {
      const result = await waitForAssumeRole(stsFailing([kind]), { roleArn: ROLE, roleSessionName: 's' }, { ...clock(), progress: quiet })
      expect(result).toMatchObject({ status: 'failed', attempts: 1 })
    }
  })
})

describe('spinnerProgress', () => {
  it('draws on the raw stream it is given (the Io port), with its final mark', async () => {
    const written: string[] = []
    const progress = await spinnerProgress({ write: (text) => void written.push(text), columns: 80 })
    progress.start('Waiting for IAM')
    progress.succeed('The caller can assume the role')
    expect(written.join('')).toContain('The caller can assume the role')
  })
})
