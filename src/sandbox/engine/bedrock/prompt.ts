/**
 * Request bodies into one prompt shape: the Converse API's JSON, and the provider-native bodies
 * InvokeModel takes (Anthropic messages API, Amazon Nova, plain `prompt` models). Validation errors
 * are ValidationExceptions worded as Bedrock words them; malformed JSON never crashes the sandbox.
 */
import { SandboxAwsError, UndecodableBody } from '../types.js'

export interface PromptMessage {
  role: 'user' | 'assistant'
  text: string
}

export interface Prompt {
  system: string
  messages: PromptMessage[]
  /** Undefined means the model's default. */
  maxTokens?: number
  temperature?: number
}

/** Bedrock's answer to a body that is not the JSON it expects (InvokeModel and Converse alike). */
export const MALFORMED_MESSAGE = 'Malformed input request, please reformat your input and try again.'

function validation(message: string): SandboxAwsError {
  return new SandboxAwsError('ValidationException', message, 400)
}

function constraint(value: unknown, field: string, rule: string): SandboxAwsError {
  return validation(`1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must ${rule}`)
}

/** A decoded JSON body as an object, or Bedrock's MALFORMED answer (undecodable, or not an object). */
export function asJsonObject(parsed: unknown): Record<string, unknown> {
  if (parsed instanceof UndecodableBody) throw validation(MALFORMED_MESSAGE)
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw validation(MALFORMED_MESSAGE)
  return parsed as Record<string, unknown>
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** Text of a content list: Converse/Nova `[{text}]`, Anthropic `[{type:'text', text}]` or a plain string. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .map((block) => (isRecord(block) && typeof block.text === 'string' ? block.text : ''))
    .filter((text) => text !== '')
    .join(' ')
}

function checkRange(value: unknown, field: string, min: number, max: number | undefined, integer: boolean): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) throw validation(MALFORMED_MESSAGE)
  if (value < min) throw constraint(value, field, `have value greater than or equal to ${min}`)
  if (max !== undefined && value > max) throw constraint(value, field, `have value less than or equal to ${max}`)
  return value
}

function parseMessages(raw: unknown): PromptMessage[] {
  if (raw !== undefined && !Array.isArray(raw)) throw validation(MALFORMED_MESSAGE)
  const list = (raw ?? []) as unknown[]
  const messages: PromptMessage[] = []
  list.forEach((item, index) => {
    if (!isRecord(item)) throw validation(MALFORMED_MESSAGE)
    if (item.role !== 'user' && item.role !== 'assistant') {
      throw constraint(item.role, `messages.${index + 1}.member.role`, 'satisfy enum value set: [user, assistant]')
    }
    const content = item.content
    if (content === undefined || (Array.isArray(content) && content.length === 0) || content === '') {
      throw validation(`The content field in the Message object at messages.${index} is empty. Add a ContentBlock object to the content field and try again.`)
    }
    const previous = messages[messages.length - 1]
    if (previous !== undefined && previous.role === item.role) {
      throw validation('A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.')
    }
    messages.push({ role: item.role, text: textOf(content) })
  })
  if (messages[0]?.role !== 'user') {
    throw validation('A conversation must start with a user message. Try again with a conversation that starts with a user message.')
  }
  return messages
}

function withLimits(prompt: Prompt, maxTokens: number | undefined, temperature: number | undefined): Prompt {
  if (maxTokens !== undefined) prompt.maxTokens = maxTokens
  if (temperature !== undefined) prompt.temperature = temperature
  return prompt
}

/** JSON text (a model-native body) as an object, or Bedrock's MALFORMED answer. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    throw validation(MALFORMED_MESSAGE)
  }
  return asJsonObject(parsed)
}

/** The Converse / ConverseStream request (decoded JSON): `{ messages, system?, inferenceConfig? }`. */
export function parseConverseRequest(request: unknown): Prompt {
  const input = asJsonObject(request)
  const messages = parseMessages(input.messages)
  const system = Array.isArray(input.system) ? textOf(input.system) : ''
  const config = input.inferenceConfig
  if (config !== undefined && !isRecord(config)) throw validation(MALFORMED_MESSAGE)
  const maxTokens = checkRange(config?.maxTokens, 'inferenceConfig.maxTokens', 1, undefined, true)
  const temperature = checkRange(config?.temperature, 'inferenceConfig.temperature', 0, 1, false)
  checkRange(config?.topP, 'inferenceConfig.topP', 0, 1, false)
  return withLimits({ system, messages }, maxTokens, temperature)
}

/** Which body dialect InvokeModel speaks for a model: decides both parsing and the answer's shape. */
export type InvokeDialect = 'anthropic' | 'nova' | 'text'

export function dialectOf(modelId: string): InvokeDialect {
  if (modelId.startsWith('anthropic.')) return 'anthropic'
  if (modelId.startsWith('amazon.nova')) return 'nova'
  return 'text'
}

/** An InvokeModel body in the model's native format. */
export function parseInvokeBody(body: Buffer, dialect: InvokeDialect): Prompt {
  const input = parseJsonObject(body)
  if (dialect === 'anthropic') {
    if (input.max_tokens === undefined) throw validation('Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.')
    if (input.messages === undefined) throw validation('Malformed input request: #: required key [messages] not found, please reformat your input and try again.')
    const messages = parseMessages(input.messages)
    const maxTokens = checkRange(input.max_tokens, 'max_tokens', 1, undefined, true)
    const temperature = checkRange(input.temperature, 'temperature', 0, 1, false)
    return withLimits({ system: textOf(input.system), messages }, maxTokens, temperature)
  }
  if (dialect === 'nova') {
    const messages = parseMessages(input.messages)
    const config = isRecord(input.inferenceConfig) ? input.inferenceConfig : {}
    const maxTokens = checkRange(config.maxTokens ?? config.max_new_tokens, 'inferenceConfig.maxTokens', 1, undefined, true)
    const temperature = checkRange(config.temperature, 'inferenceConfig.temperature', 0, 1, false)
    return withLimits({ system: textOf(input.system), messages }, maxTokens, temperature)
  }
  const text = typeof input.prompt === 'string' ? input.prompt : typeof input.inputText === 'string' ? input.inputText : undefined
  if (text === undefined) throw validation('Malformed input request: #: required key [prompt] not found, please reformat your input and try again.')
  const maxTokens = checkRange(input.max_gen_len ?? input.max_tokens, 'max_tokens', 1, undefined, true)
  const temperature = checkRange(input.temperature, 'temperature', 0, 1, false)
  return withLimits({ system: '', messages: [{ role: 'user', text }] }, maxTokens, temperature)
}
