#!/usr/bin/env node
/**
 * The policy evaluator (src/core/evaluate.ts around @cloud-copilot/iam-simulate): evaluations per
 * second uncached (each request distinct) and cached (createEvaluator's per-run cache answering a
 * repeated (policies, request)), plus how many evaluations init's self-check of one setup needs and
 * how many of them the cache answered. Median of 5 rounds.
 *
 *   npm run build && node bench/evaluator.mjs
 *
 * Accounts: A = 111111111111 (caller app-caller), B = 222222222222 (role BenchRole).
 */
import { createEvaluator, evaluateOnce } from '../dist/core/evaluate.js'
import { buildDocuments } from '../dist/core/policies/index.js'
import { selfCheck } from '../dist/core/self-check.js'

const A = '111111111111'
const B = '222222222222'
const MODEL_ARN = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0'
const setup = {
  name: 'bench',
  partition: 'aws',
  sourceAccountId: A,
  caller: { kind: 'user', arn: `arn:aws:iam::${A}:user/app-caller` },
  targetAccountId: B,
  roleName: 'BenchRole',
  rolePath: '/',
  permissionsPolicyName: 'BedrockInvoke',
  sourcePolicyName: 'AssumeBenchRole',
  region: 'us-east-1',
  models: ['anthropic.claude-3-haiku-20240307-v1:0'],
  externalId: 'bench-external-id-5c1e',
  maxSessionDurationSeconds: 3600,
  sessionDurationSeconds: 900,
  sourceIpCidrs: ['203.0.113.0/24'],
  marketplace: false,
  streaming: true,
  cloudTrailLookup: false
}
const docs = buildDocuments(setup)

/** The i-th request: alternately a cross-account AssumeRole (trust + source policy) and an InvokeModel. */
function request(i) {
  if (i % 2 === 0) {
    return {
      principal: `arn:aws:iam::${A}:user/app-caller`,
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${B}:role/BenchRole`,
      resourceAccount: B,
      context: { 'sts:ExternalId': setup.externalId, 'aws:SourceIp': `203.0.113.${i % 250}`, 'aws:PrincipalTag/run': String(i) },
      identityPolicies: [{ name: 'AssumeBenchRole', document: docs.sourcePolicy }],
      resourcePolicy: docs.trustPolicy
    }
  }
  return {
    principal: `arn:aws:sts::${B}:assumed-role/BenchRole/session-${i}`,
    action: 'bedrock:InvokeModel',
    resource: MODEL_ARN,
    resourceAccount: B,
    context: { 'aws:RequestedRegion': 'us-east-1', 'aws:SourceIp': '203.0.113.10' },
    identityPolicies: [{ name: 'BedrockInvoke', document: docs.permissionsPolicy }]
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/** Evaluations per second over `count` calls of `evaluate(i)`. */
async function rate(count, evaluate) {
  const start = performance.now()
  for (let i = 0; i < count; i++) await evaluate(i)
  return count / ((performance.now() - start) / 1000)
}

const UNCACHED = 2_000
const uncached = []
const cached = []
for (let round = 0; round < 5; round++) {
  uncached.push(await rate(UNCACHED, (i) => evaluateOnce(request(round * UNCACHED + i))))
  const evaluator = createEvaluator()
  for (let i = 0; i < 20; i++) await evaluator.evaluate(request(i))
  cached.push(await rate(50_000, (i) => evaluator.evaluate(request(i % 20))))
}
const evaluator = createEvaluator()
const report = await selfCheck(setup, docs, evaluator)
console.log('policy evaluator, median of 5 rounds')
console.log(`  uncached (distinct requests)   ${Math.round(median(uncached)).toLocaleString('en-US').padStart(9)} evaluations/s`)
console.log(`  cached (repeated request)      ${Math.round(median(cached)).toLocaleString('en-US').padStart(9)} answers/s`)
console.log(`  init self-check of one setup: ${evaluator.stats.evaluations} evaluations, ${evaluator.stats.cacheHits} answered from the cache (${report.cases?.length ?? '?'} cases)`)
