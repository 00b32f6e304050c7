import { describe, expect, it } from 'vitest'
import type { PolicyStatement } from '../evaluate.js'
import { diffPolicy, lineDiff } from './diff.js'

const a: PolicyStatement = { Sid: 'BedrockXacctInvoke', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: 'arn:aws:bedrock:us-east-1::foundation-model/m1' }
const b: PolicyStatement = { ...a, Resource: ['arn:aws:bedrock:us-east-1::foundation-model/m1', 'arn:aws:bedrock:us-east-1::foundation-model/m2'] }
const user: PolicyStatement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }
const userSid: PolicyStatement = { Sid: 'Mine', Effect: 'Deny', Action: '*', Resource: '*' }

describe('diffPolicy', () => {
  const table: { name: string; before: PolicyStatement[] | undefined; after: PolicyStatement[]; expected: [string, string, string[]][]; created?: boolean }[] = [
    { name: 'from nothing', before: undefined, after: [a], expected: [['BedrockXacctInvoke', 'added', []]], created: true },
    { name: 'same', before: [a], after: [a], expected: [['BedrockXacctInvoke', 'unchanged', []]] },
    { name: 'changed resource', before: [a], after: [b], expected: [['BedrockXacctInvoke', 'changed', ['Resource']]] },
    {
      name: 'removed',
      before: [a, userSid],
      after: [userSid],
      expected: [
        ['Mine', 'unchanged', []],
        ['BedrockXacctInvoke', 'removed', []]
      ]
    },
    {
      name: 'statement without Sid matched by content',
      before: [user, a],
      after: [user, b],
      expected: [
        ['statement 1', 'unchanged', []],
        ['BedrockXacctInvoke', 'changed', ['Resource']]
      ]
    },
    {
      name: 'Principal and Condition changes named',
      before: [{ ...a, Principal: { AWS: 'x' } }],
      after: [{ ...a, Principal: { AWS: 'y' }, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
      expected: [['BedrockXacctInvoke', 'changed', ['Condition', 'Principal']]]
    }
  ]
  it.each(table)('$name', ({ before, after, expected, created }) => {
    const diff = diffPolicy(before && { Version: '2012-10-17', Statement: before }, { Version: '2012-10-17', Statement: after })
    expect(diff.statements.map((s) => [s.id, s.change, s.changedKeys])).toEqual(expected)
    expect(diff.changed).toBe(expected.some(([, change]) => change !== 'unchanged'))
    expect(diff.created).toBe(created ?? false)
  })

  it('marks which statements the tool owns', () => {
    const diff = diffPolicy({ Statement: [userSid] }, { Statement: [userSid, a] })
    expect(diff.statements.map((s) => s.owned)).toEqual([false, true])
  })
})

describe('lineDiff', () => {
  it('keeps common lines and marks the rest', () => {
    expect(lineDiff(['{', '"a": 1', '}'], ['{', '"a": 2', '}'])).toEqual([
      { op: ' ', line: '{' },
      { op: '-', line: '"a": 1' },
      { op: '+', line: '"a": 2' },
      { op: ' ', line: '}' }
    ])
  })
  it('handles empty sides', () => {
    expect(lineDiff([], ['x'])).toEqual([{ op: '+', line: 'x' }])
    expect(lineDiff(['x'], [])).toEqual([{ op: '-', line: 'x' }])
  })
})
