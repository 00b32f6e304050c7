/**
 * `bedrock-xacct explain`: an AWS error text in (argument, stdin, or asked), the cause out —
 * which layer denied, the deciding statement and failing condition when policies are at hand
 * (files or --fetch), and the smallest fix with where it goes. Exit 0 when a cause was identified
 * (a certain or likely candidate), 1 when not.
 */
import { parseAccessDenied } from '../../core/access-denied/parse.js'
import type { ParsedDenial } from '../../core/access-denied/types.js'
import { missingInput } from '../../core/errors.js'
import { createEvaluator } from '../../core/evaluate.js'
import { diagnose } from '../../core/diagnose/diagnose.js'
import { requestFacts } from '../../core/diagnose/request-facts.js'
import type { Answers, PolicySet } from '../../core/diagnose/types.js'
import type { Setup } from '../../core/setup/model.js'
import type { CommandDeps, CommandResult } from '../deps.js'
import { fetchPolicies, mergePolicies } from './fetch.js'
import { answersFromOptions, type ExplainOptions } from './options.js'
import { readPolicyFiles } from './policies.js'
import { interview } from './questions.js'
import { renderHuman, toJson, type ExplainDocument } from './render.js'
import type { ExplainTrailDocument } from './from-trail.js'
import { readStdinText } from './stdin.js'
import { redactExternalIds } from './secrets.js'

export type { ExplainOptions }

/** Region for IAM/STS clients when the message and flags name none (IAM is global; any works). */
const FALLBACK_REGION = 'us-east-1'

function messageFromArgs(options: ExplainOptions): string | undefined {
  if (options.message) return options.message
  const words = (options.args?.[0] as string[] | string | undefined) ?? []
  const text = (Array.isArray(words) ? words.join(' ') : words).trim()
  return text === '' ? undefined : text
}

async function readMessage(options: ExplainOptions, deps: CommandDeps): Promise<string> {
  const given = messageFromArgs(options) ?? (await (options.readStdin ?? (() => readStdinText()))())
  if (given) return given
  if (deps.io.interactive) {
    const pasted = await deps.prompter.input({ flag: '<message>', message: 'Paste the AWS error message (AccessDenied, ValidationException, …)' })
    if (pasted.trim() !== '') return pasted
  }
  throw missingInput('<message>', 'the AWS error text to explain (an argument, or piped on stdin)', 'bedrock-xacct explain "User: arn:aws:sts::… is not authorized to perform: sts:AssumeRole …"')
}

/** The config's setup that matches the message's role (or the only one); undefined without a config. */
async function loadSetupFor(parsed: ParsedDenial, deps: CommandDeps): Promise<Partial<Setup> | undefined> {
  let setups: Setup[]
  try {
    const { loadSetups } = await import('../shared/load-setups.js')
    setups = await loadSetups({}, deps)
  } catch (error) {
    if (deps.global.config !== undefined) throw error
    return undefined
  }
  const text = parsed.kind === 'not-authorized' ? `${parsed.principal?.arn ?? ''} ${parsed.resource ?? ''}` : ''
  return setups.find((s) => text.includes(`role/${s.roleName}`) || text.includes(`assumed-role/${s.roleName}/`)) ?? setups[0]
}

/** explain's result: the --json document of a message, or of --from-trail's events. */
export type ExplainResult = ExplainDocument | ExplainTrailDocument

export async function runExplain(options: ExplainOptions, deps: CommandDeps): Promise<CommandResult<ExplainResult>> {
  const initialAnswers: Answers = answersFromOptions(options, deps.global.region)
  const fromFiles = await readPolicyFiles(options, deps.cwd)
  if (options.fromTrail) {
    const { runFromTrail } = await import('./from-trail.js')
    return runFromTrail(options, deps, fromFiles, await loadSetupFor({ kind: 'unrecognized', message: '', envelope: {} }, deps))
  }
  const message = await readMessage(options, deps)
  const parsed = parseAccessDenied(message)
  const setup = await loadSetupFor(parsed, deps)

  let policies: PolicySet | undefined = fromFiles
  const fetched: string[] = []
  const extraNotes: string[] = []
  if (options.fetch) {
    const facts = requestFacts(parsed, initialAnswers, setup)
    const aws = deps.aws
    const region = facts.region ?? FALLBACK_REGION
    deps.io.err('Reading the policies with the available credentials…')
    const result = await fetchPolicies(facts, {
      target: aws.fromChain({ profile: options.targetProfile ?? deps.global.profile }, region),
      source: aws.fromChain({ profile: deps.global.profile }, region)
    })
    policies = mergePolicies(fromFiles, result.policies)
    fetched.push(...result.fetched)
    extraNotes.push(...result.notes)
  }

  const evaluator = createEvaluator()
  const run = (answers: Answers) => diagnose({ parsed, answers, policies, setup }, evaluator)
  let diagnosis = await run(initialAnswers)
  let asked: string[] = []
  if (deps.io.interactive) {
    const result = await interview(diagnosis, initialAnswers, policies, deps.prompter, run)
    diagnosis = result.diagnosis
    asked = result.asked
  }

  const sources = [diagnosis, policies, setup, initialAnswers]
  const redact = (text: string) => redactExternalIds(text, sources, { show: options.showSecrets === true, given: options.externalId, human: !deps.global.json })
  const document = toJson(diagnosis, { asked, fetched, extraNotes })
  if (deps.global.json) deps.io.out(redact(JSON.stringify(document, null, 2)))
  else {
    const fetchedNote = fetched.length > 0 ? [`Read: ${fetched.join('; ')}.`] : []
    deps.io.out(redact(renderHuman(diagnosis, deps.io.color, [...fetchedNote, ...extraNotes])))
  }
  return { exitCode: diagnosis.identified ? 0 : 1, result: document }
}
