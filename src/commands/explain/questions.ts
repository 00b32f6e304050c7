/**
 * The interactive part of explain: ask, one at a time, only the questions that still separate
 * candidate causes (src/core/diagnose/questions.ts decides which), re-diagnosing after each answer.
 * Every question names its flag. Without a TTY nothing is asked: missing answers leave causes
 * 'possible' instead of failing or hanging.
 */
import { isKnownRegion } from '../../core/regions.js'
import { isIp } from '../../core/ip.js'
import { QUESTIONS, discriminatingQuestions, type QuestionId } from '../../core/diagnose/questions.js'
import type { Answers, Diagnosis, PolicySet } from '../../core/diagnose/types.js'
import type { Prompter } from '../../ui/prompts.js'

/** Ask one question; returns the answers it sets (possibly none, e.g. "don't know"). */
async function ask(id: QuestionId, prompter: Prompter): Promise<Partial<Answers>> {
  const flag = QUESTIONS[id].flag
  switch (id) {
    case 'side': {
      const side = await prompter.select<'source' | 'target' | 'unknown'>({
        flag,
        message: 'Which account are you working from?',
        choices: [
          { value: 'source', name: 'Source account (A): where the caller runs and calls sts:AssumeRole' },
          { value: 'target', name: 'Target account (B): where the role and Bedrock are' },
          { value: 'unknown', name: "Don't know / both" }
        ]
      })
      return side === 'unknown' ? {} : { side }
    }
    case 'externalId': {
      const value = await prompter.input({ flag, message: 'Which ExternalId does the caller pass at AssumeRole? (empty: none)', default: '' })
      return value.trim() === '' ? { externalIdPassed: false } : { externalIdPassed: true, externalId: value.trim() }
    }
    case 'viaVpcEndpoint':
      return { viaVpcEndpoint: await prompter.confirm({ flag, message: 'Does the call go through a VPC endpoint (PrivateLink) rather than the internet?', default: false }) }
    case 'sourceIp': {
      const value = await prompter.input({
        flag,
        message: "The caller's public IP as AWS sees it (CloudTrail sourceIPAddress; empty: unknown)",
        default: '',
        validate: (text) => text.trim() === '' || isIp(text.trim()) || 'an IPv4 or IPv6 address'
      })
      return value.trim() === '' ? {} : { sourceIp: value.trim() }
    }
    case 'region': {
      const value = await prompter.input({
        flag,
        message: 'Which region does the caller call Bedrock in? (empty: unknown)',
        default: '',
        validate: (text) => text.trim() === '' || isKnownRegion(text.trim()) || 'an AWS region such as us-east-1'
      })
      return value.trim() === '' ? {} : { region: value.trim() }
    }
    case 'inferenceProfile': {
      const value = await prompter.input({ flag, message: 'Which inference profile id does the caller use, if any? (e.g. us.anthropic.claude-…; empty: none)', default: '' })
      return value.trim() === '' ? {} : { inferenceProfile: value.trim() }
    }
    case 'chained':
      return { chained: await prompter.confirm({ flag, message: 'Does the caller already run on assumed-role credentials (role chaining)?', default: false }) }
  }
}

/** Longest interview: one round per question kind, each asked at most once. */
const MAX_ROUNDS = Object.keys(QUESTIONS).length

/**
 * Ask until no question separates the remaining causes. `rediagnose` runs the diagnosis with the
 * answers so far. Returns the final diagnosis and the ids asked, in order.
 */
export async function interview(first: Diagnosis, answers: Answers, policies: PolicySet | undefined, prompter: Prompter, rediagnose: (answers: Answers) => Promise<Diagnosis>): Promise<{ diagnosis: Diagnosis; answers: Answers; asked: QuestionId[] }> {
  let diagnosis = first
  let current = { ...answers }
  const asked: QuestionId[] = []
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = discriminatingQuestions(diagnosis.parsed, diagnosis.candidates, current, policies).find((id) => !asked.includes(id))
    if (!next) break
    asked.push(next)
    current = { ...current, ...(await ask(next, prompter)) }
    diagnosis = await rediagnose(current)
  }
  return { diagnosis, answers: current, asked }
}
