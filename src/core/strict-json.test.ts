import { describe, expect, it } from 'vitest'
import { MAX_JSON_DEPTH, jsonStructureProblem } from './strict-json.js'

describe('jsonStructureProblem', () => {
  it('accepts ordinary documents, same keys in different objects included', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'a' },
        { Effect: 'Deny', Action: 'b', Condition: { StringEquals: { 'sts:ExternalId': ['x', 'y'] } } }
      ]
    }
    expect(jsonStructureProblem(JSON.stringify(policy, null, 2))).toBeUndefined()
  })

  it('names a duplicate key and where it is', () => {
    const text = '{"Statement":[{"Effect":"Allow","Action":"a"},{"Effect":"Allow","Effect":"Deny"}]}'
    expect(jsonStructureProblem(text)).toBe('the key "Effect" appears twice in Statement[1]')
  })

  it('finds a duplicate top-level key, and one inside a condition', () => {
    expect(jsonStructureProblem('{"a":1,"b":{"c":2},"a":3}')).toBe('the key "a" appears twice in the top-level object')
    const condition = '{"Statement":{"Condition":{"StringEquals":{"sts:ExternalId":"x","sts:ExternalId":"y"}}}}'
    expect(jsonStructureProblem(condition)).toBe('the key "sts:ExternalId" appears twice in Statement.Condition.StringEquals')
  })

  it('a value equal to a key is not a duplicate key', () => {
    expect(jsonStructureProblem('{"a":"a","b":["a","a"]}')).toBeUndefined()
  })

  it('refuses nesting 100,000 deep without overflowing the stack', () => {
    const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)
    expect(jsonStructureProblem(deep)).toBe(`it is nested deeper than ${MAX_JSON_DEPTH} levels`)
    expect(jsonStructureProblem('['.repeat(100_000) + ']'.repeat(100_000))).toMatch(/nested deeper/)
  })
})
