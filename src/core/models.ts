/**
 * Bedrock model references: foundation-model ids, system-defined cross-region inference profile ids
 * (`us.anthropic…`, `global.anthropic…`) and application inference profile ARNs, plus the table of
 * where each geographic profile routes requests. Shared by the policy builders (which must grant
 * every destination region, DESIGN §4), verify, and the sandbox (which routes the same way).
 */
import type { Partition } from './arn.js'

/**
 * Destination regions of each geographic cross-region inference profile prefix (Bedrock user guide,
 * "Supported Regions and models for inference profiles"). A request through the profile may be
 * served in any of these, so the role needs the foundation-model ARN in each of them. The exact set
 * varies slightly per model; this is the union AWS documents, which errs on the side of working.
 */
/**
 * When PROFILE_GEOGRAPHIES was last checked against AWS's documentation (docs/aws-facts.md §11).
 * Output that used the table instead of GetInferenceProfile names this date.
 */
export const PROFILE_TABLE_CHECKED = '2026-12-05'

export const PROFILE_GEOGRAPHIES = {
  us: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
  'us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  ca: ['ca-central-1', 'ca-west-1'],
  eu: ['eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3'],
  // docs/aws-facts.md regions.apac.claude: Jakarta, Malaysia, Thailand, Taipei and the UAE are APAC destinations too.
  apac: ['ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7', 'me-central-1'],
  jp: ['ap-northeast-1', 'ap-northeast-3'],
  // docs/aws-facts.md regions.au.claude: Auckland (ap-southeast-6) is a source and a destination since 2026.
  au: ['ap-southeast-2', 'ap-southeast-4', 'ap-southeast-6']
} as const satisfies Record<string, readonly string[]>

export type Geography = keyof typeof PROFILE_GEOGRAPHIES | 'global'

export type ModelRef =
  /** An on-demand foundation model in the request's region. */
  | { kind: 'foundation-model'; id: string; modelId: string }
  /** A system-defined cross-region profile: `<geo>.<modelId>`. */
  | { kind: 'system-profile'; id: string; modelId: string; geography: Geography }
  /** An application inference profile (opaque id; its models are only known by asking Bedrock). */
  | { kind: 'application-profile'; id: string; arn: string; region: string; accountId: string; profileId: string }

/** Model ids: `provider.name[-version][:n]`, e.g. `anthropic.claude-3-5-haiku-20241022-v1:0`, `amazon.nova-lite-v1:0`. */
const MODEL_ID = /^[a-z0-9-]+\.[a-z0-9][a-z0-9._-]*(:[a-z0-9]+(:[a-z0-9.]+)?)?$/
const APPLICATION_PROFILE_ARN = /^arn:(aws|aws-cn|aws-us-gov):bedrock:([a-z0-9-]+):(\d{12}):application-inference-profile\/([a-z0-9]+)$/
/** Foundation-model ARN as users paste them: the id is the part after `foundation-model/`. */
const FOUNDATION_MODEL_ARN = /^arn:(aws|aws-cn|aws-us-gov):bedrock:[a-z0-9-]*::foundation-model\/(.+)$/
/** System profile ARN: the id is the part after `inference-profile/`. */
const SYSTEM_PROFILE_ARN = /^arn:(aws|aws-cn|aws-us-gov):bedrock:[a-z0-9-]+:\d{12}:inference-profile\/(.+)$/

const GEOGRAPHY_PREFIXES = [...Object.keys(PROFILE_GEOGRAPHIES), 'global'] as Geography[]

/** Parse what a user gives as a model: id, profile id, or ARN. Undefined when it is none of them. */
export function parseModelRef(text: string): ModelRef | undefined {
  const app = APPLICATION_PROFILE_ARN.exec(text)
  if (app) return { kind: 'application-profile', id: text, arn: text, region: app[2]!, accountId: app[3]!, profileId: app[4]! }
  const fm = FOUNDATION_MODEL_ARN.exec(text)
  if (fm) return parseModelRef(fm[2]!)
  const sp = SYSTEM_PROFILE_ARN.exec(text)
  if (sp) return parseModelRef(sp[2]!)
  const dot = text.indexOf('.')
  if (dot > 0) {
    const prefix = text.slice(0, dot) as Geography
    const rest = text.slice(dot + 1)
    if (GEOGRAPHY_PREFIXES.includes(prefix) && MODEL_ID.test(rest)) {
      return { kind: 'system-profile', id: text, modelId: rest, geography: prefix }
    }
  }
  if (MODEL_ID.test(text) && !hasUnknownProfilePrefix(text)) return { kind: 'foundation-model', id: text, modelId: text }
  return undefined
}

/**
 * Bedrock's model providers (the first segment of a model id). Used only to spot a profile id with
 * a prefix that is no geography (`xx.anthropic.…`), which would otherwise pass as provider "xx".
 */
const MODEL_PROVIDERS = ['ai21', 'amazon', 'anthropic', 'cohere', 'deepseek', 'luma', 'meta', 'mistral', 'openai', 'qwen', 'stability', 'twelvelabs', 'writer']

function hasUnknownProfilePrefix(text: string): boolean {
  const [first = '', second = ''] = text.split('.')
  return !MODEL_PROVIDERS.includes(first) && MODEL_PROVIDERS.includes(second) && text.split('.').length > 2
}

/**
 * The regions a system profile may route a request to, seen from `sourceRegion`. Global profiles
 * route to any commercial region; their foundation-model ARN has an empty region (handled by the
 * policy builders), so this returns only the source region for them.
 */
export function destinationRegions(geography: Geography, sourceRegion: string): string[] {
  if (geography === 'global') return [sourceRegion]
  const regions: readonly string[] = PROFILE_GEOGRAPHIES[geography]
  return regions.includes(sourceRegion) ? [...regions] : [sourceRegion, ...regions]
}

/**
 * What AWS sets `aws:RequestedRegion` to when it authorizes the region-less foundation-model ARN of a
 * global profile (Bedrock user guide, global-cross-region-inference.html; docs/aws-facts.md
 * ctx.requested-region.global-unspecified).
 */
export const UNSPECIFIED_REGION = 'unspecified'

/** `arn:P:bedrock:::foundation-model/ID`: the ARN global cross-region routing is authorized against. */
export function isRegionlessModelArn(arn: string): boolean {
  return /^arn:[\w-]+:bedrock:::foundation-model\//.test(arn)
}

export function foundationModelArn(partition: Partition, region: string, modelId: string): string {
  return `arn:${partition}:bedrock:${region}::foundation-model/${modelId}`
}

export function inferenceProfileArn(partition: Partition, region: string, accountId: string, profileId: string): string {
  return `arn:${partition}:bedrock:${region}:${accountId}:inference-profile/${profileId}`
}

/** What a model produces: only `text` models answer Converse. */
export type ModelOutput = 'text' | 'embedding' | 'image'

/**
 * Model families that cannot be called with Converse: "The Converse API doesn't support any
 * embedding or image generation models" (docs/aws-facts.md bedrock.converse.no-embeddings). Matched
 * on the foundation-model id, so a profile (`us.cohere.embed-v4:0`) is classed by its model.
 */
const NON_CHAT_FAMILIES: readonly (readonly [RegExp, ModelOutput])[] = [
  [/^amazon\.titan-embed-/, 'embedding'],
  [/^amazon\.nova-2-multimodal-embeddings-/, 'embedding'],
  [/^cohere\.embed-/, 'embedding'],
  [/^twelvelabs\.marengo-embed-/, 'embedding'],
  [/^amazon\.titan-image-generator-/, 'image'],
  [/^amazon\.nova-canvas-/, 'image'],
  [/^stability\./, 'image']
]

/** What `modelId` (a foundation-model id) produces. */
export function modelOutput(modelId: string): ModelOutput {
  return NON_CHAT_FAMILIES.find(([pattern]) => pattern.test(modelId))?.[1] ?? 'text'
}

/**
 * The smallest valid InvokeModel body for a non-chat model, in its provider's native format
 * (Titan Embeddings `inputText`; Cohere Embed `texts` + `input_type`; Titan Image Generator and
 * Nova Canvas `TEXT_IMAGE`; Stability's current text-to-image models `prompt`): enough to prove the
 * role may invoke it, as cheap as the model allows.
 */
export function minimalInvokeBody(modelId: string): Record<string, unknown> {
  if (/^cohere\.embed-/.test(modelId)) return { texts: ['OK'], input_type: 'search_document' }
  if (/^(amazon\.titan-image-generator-|amazon\.nova-canvas-)/.test(modelId)) {
    return { taskType: 'TEXT_IMAGE', textToImageParams: { text: 'a small blue square' }, imageGenerationConfig: { numberOfImages: 1, width: 512, height: 512 } }
  }
  if (/^stability\./.test(modelId)) return { prompt: 'a small blue square' }
  return { inputText: 'OK' }
}

/** Whether an InvokeModel answer has what a model of this output carries: an embedding vector or an image. */
export function hasModelOutput(output: ModelOutput, body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false
  const b = body as Record<string, unknown>
  const nonEmpty = (value: unknown) => (Array.isArray(value) && value.length > 0) || (value !== null && typeof value === 'object' && Object.keys(value).length > 0)
  if (output === 'embedding') return nonEmpty(b.embedding) || nonEmpty(b.embeddings) || nonEmpty(b.data)
  if (output === 'image') return nonEmpty(b.images) || nonEmpty(b.artifacts)
  return true
}

export interface KnownModel {
  modelId: string
  provider: string
  name: string
  /**
   * Whether the model can be called on demand by its plain id; false means "use an inference
   * profile". AWS decides per model and region (docs/aws-facts.md bedrock.on-demand.per-model-region):
   * false when a region is known to refuse it.
   */
  onDemand: boolean
  /** Set once the provider marks the model Legacy, with its end-of-life date when published (docs/aws-facts.md bedrock.lifecycle.claude-3). */
  lifecycle?: { status: 'legacy'; endOfLife?: string }
}

/**
 * Models the tool knows by name, for the wizard's choices, the sandbox's default world and lint
 * hints. Not a gate: any well-formed id is accepted, since AWS adds models often.
 */
export const KNOWN_MODELS: readonly KnownModel[] = [
  { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', provider: 'Anthropic', name: 'Claude 3 Haiku', onDemand: true, lifecycle: { status: 'legacy', endOfLife: '2026-09-10' } },
  { modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', provider: 'Anthropic', name: 'Claude 3.5 Haiku', onDemand: true, lifecycle: { status: 'legacy', endOfLife: '2026-06-19' } },
  { modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0', provider: 'Anthropic', name: 'Claude 3.5 Sonnet v2', onDemand: false, lifecycle: { status: 'legacy' } },
  { modelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0', provider: 'Anthropic', name: 'Claude 3.7 Sonnet', onDemand: false },
  { modelId: 'anthropic.claude-sonnet-4-20250514-v1:0', provider: 'Anthropic', name: 'Claude Sonnet 4', onDemand: false },
  { modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0', provider: 'Anthropic', name: 'Claude Sonnet 4.5', onDemand: false },
  { modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0', provider: 'Anthropic', name: 'Claude Haiku 4.5', onDemand: false },
  { modelId: 'anthropic.claude-opus-4-1-20250805-v1:0', provider: 'Anthropic', name: 'Claude Opus 4.1', onDemand: false },
  { modelId: 'amazon.nova-micro-v1:0', provider: 'Amazon', name: 'Nova Micro', onDemand: true },
  { modelId: 'amazon.nova-lite-v1:0', provider: 'Amazon', name: 'Nova Lite', onDemand: true },
  { modelId: 'amazon.nova-pro-v1:0', provider: 'Amazon', name: 'Nova Pro', onDemand: true },
  { modelId: 'meta.llama3-3-70b-instruct-v1:0', provider: 'Meta', name: 'Llama 3.3 70B Instruct', onDemand: false },
  { modelId: 'mistral.mistral-large-2407-v1:0', provider: 'Mistral AI', name: 'Mistral Large (24.07)', onDemand: true },
  { modelId: 'cohere.command-r-plus-v1:0', provider: 'Cohere', name: 'Command R+', onDemand: true }
]

export function knownModel(modelId: string): KnownModel | undefined {
  return KNOWN_MODELS.find((m) => m.modelId === modelId)
}
