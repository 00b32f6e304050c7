/**
 * Narrow the candidates with the user's answers and the setup (config file), without policies:
 * what the caller sends (ExternalId, IP, VPC endpoint, chaining) rules causes in or out.
 */
import type { CandidateSet } from './candidate-set.js'
import type { RequestFacts } from './request-facts.js'
import { ipInCidrs } from '../ip.js'
import type { Answers } from './types.js'
import { ROLE_CHAINING_MAX_SECONDS } from '../aws-limits.js'

export function refineWithAnswers(set: CandidateSet, answers: Answers, facts: RequestFacts): void {
  if (answers.externalIdPassed === false) {
    set.remove('external-id-wrong')
    if (facts.externalId) set.add('external-id-missing', 'likely', `The setup requires ExternalId "${facts.externalId}" and the caller sends none.`)
  }
  if (answers.externalIdPassed === true || answers.externalId !== undefined) {
    set.remove('external-id-missing')
    if (answers.externalId !== undefined && facts.externalId !== undefined && set.has('external-id-wrong')) {
      if (answers.externalId === facts.externalId) set.remove('external-id-wrong')
      else set.add('external-id-wrong', 'likely', `The caller sends ExternalId "${answers.externalId}"; the setup requires "${facts.externalId}".`, { sent: answers.externalId, required: facts.externalId })
    }
  }
  if (answers.viaVpcEndpoint === true) {
    set.remove('source-ip-outside')
    if (set.has('source-ip-via-vpc-endpoint')) {
      const confidence = facts.sourceIpCidrs.length > 0 ? 'likely' : 'possible'
      set.add('source-ip-via-vpc-endpoint', confidence, 'The call goes through a VPC endpoint: AWS does not set aws:SourceIp then, so any aws:SourceIp condition fails.')
    }
  } else if (answers.viaVpcEndpoint === false) {
    set.remove('source-ip-via-vpc-endpoint')
  }
  if (answers.sourceIp && facts.sourceIpCidrs.length > 0 && set.has('source-ip-outside') && answers.viaVpcEndpoint !== true) {
    const inside = ipInCidrs(answers.sourceIp, facts.sourceIpCidrs)
    if (inside === true) set.remove('source-ip-outside')
    else if (inside === false) {
      set.add('source-ip-outside', 'likely', `The caller's IP ${answers.sourceIp} is outside the setup's allow-list ${facts.sourceIpCidrs.join(', ')}.`, { sourceIp: answers.sourceIp, cidrs: facts.sourceIpCidrs })
    }
  }
  if (answers.chained === true && (set.has('duration-over-max') || set.has('role-chaining-limit'))) {
    set.add('role-chaining-limit', 'likely', `The caller runs on assumed-role credentials: role chaining caps DurationSeconds at ${ROLE_CHAINING_MAX_SECONDS} whatever MaxSessionDuration says.`)
  } else if (answers.chained === false && set.get('role-chaining-limit')?.confidence === 'possible') {
    set.remove('role-chaining-limit')
  }
  if (answers.inferenceProfile && set.has('region-model-mismatch')) {
    set.add('profile-missing-destination-region', 'likely', `The caller uses the inference profile ${answers.inferenceProfile}, which routes calls to other regions.`)
    set.cap('region-model-mismatch', 'possible')
  }
}
