/**
 * Peel what SDKs, CLIs and terminals wrap around AWS's message: line wraps, the AWS CLI / boto
 * `An error occurred (Code) when calling the Op operation:` prefix, JS `Code: …` prefixes, Go's
 * `operation error STS: AssumeRole, https response error StatusCode: 403, …, api error Code:`,
 * Java's `(Service: …; Status Code: 403; Error Code: …; Request ID: …)` suffix, and JSON or XML
 * error bodies pasted whole.
 */
import stripAnsi from 'strip-ansi'
import type { Envelope } from './types.js'

/** Longest input we look at; a pasted log file must not make the regexes crawl. */
export const MAX_INPUT_CHARS = 20_000

/**
 * Three or more lines this long or longer, all but the last sharing one width, were hard-wrapped by
 * a terminal, so they join without a space (the break may be in the middle of an ARN). Two lines
 * prove nothing about width (any first line "shares" its own), so they go through the per-break rule.
 */
const HARD_WRAP_MIN_WIDTH = 40
const HARD_WRAP_MIN_LINES = 3

/**
 * Words of AWS's denial and error grammar (IAM "not authorized" messages, Bedrock denials, SDK and
 * CLI envelopes). A break between two of them was a space a soft wrap ate; a break inside a token
 * (a terminal cutting `perfo|rm`) is recognised because neither half is one of these. No word here
 * splits into two others (tested), so a hard wrap inside one of them still joins tightly.
 */
export const GRAMMAR_WORDS: ReadonlySet<string> = new Set(
  (
    'user principal is not authorized to perform on resource because no identity-based resource-based policy policies allows the action ' +
    'with an explicit deny in a service control permissions boundary session trust role vpc endpoint organizations ' +
    "you don't have access model specified id your account invoke this api operation error occurred when calling " +
    'accessdenied accessdeniedexception validationerror validationexception'
  ).split(' ')
)
/** Words that follow an ARN or an action in the grammar: after a complete-looking token, a break before them was a space. */
const AFTER_TOKEN_WORDS = new Set(['is', 'because', 'with', 'on', 'action', 'and'])

function grammarWord(token: string): string {
  return token
    .replace(/^[("'`]+/, '')
    .replace(/[.,;:!?)"'`]+$/, '')
    .toLowerCase()
}

/**
 * Whether a line break with no whitespace on either side cut a token in two (join tightly) rather
 * than replacing a space (join with one): `…arn:aws:iam::2222|22222222:role/R` is one ARN,
 * `…no identity-based|policy allows…` two words.
 */
function breaksInsideToken(before: string, after: string): boolean {
  const tail = /\S*$/.exec(before)?.[0] ?? ''
  const head = /^\S*/.exec(after)?.[0] ?? ''
  // Inside an ARN or a `service:Action` (the existing separator rules, kept): anything but a grammar word after it continues it.
  if (/^[:/]/.test(head) || /arn:\S*-$/.test(tail)) return true
  if (/arn:|^[a-z0-9-]+:[A-Za-z*]+$/.test(tail.replace(/^[("'`]+/, ''))) return !AFTER_TOKEN_WORDS.has(grammarWord(head))
  // A label before its value (`perform:|sts:…`, `resource:|arn:…`, `AccessDeniedException:|User: …`).
  if (/:$/.test(tail) && (GRAMMAR_WORDS.has(grammarWord(tail)) || /^[A-Z][A-Za-z]+:$/.test(tail))) return false
  return !(GRAMMAR_WORDS.has(grammarWord(tail)) && GRAMMAR_WORDS.has(grammarWord(head)))
}

/**
 * Join wrapped lines into one: terminal hard wraps (three or more equal-width lines) tightly; every
 * other break with one space, unless it has no whitespace on either side and cut a token in two.
 */
export function unwrap(text: string): string {
  const rawLines = text.replace(/\r\n?/g, '\n').split('\n')
  while (rawLines.length > 0 && rawLines[rawLines.length - 1]!.trim() === '') rawLines.pop()
  if (rawLines.length >= HARD_WRAP_MIN_LINES) {
    const widths = new Set(rawLines.slice(0, -1).map((line) => line.length))
    if (widths.size === 1 && (rawLines[0]?.length ?? 0) >= HARD_WRAP_MIN_WIDTH) return rawLines.join('').trim()
  }
  let joined = ''
  let previousRaw = ''
  for (const raw of rawLines) {
    const line = raw.trim()
    if (line === '') continue
    if (joined === '') joined = line
    else {
      const atSpace = /\s$/.test(previousRaw) || /^\s/.test(raw)
      joined += !atSpace && breaksInsideToken(joined, line) ? line : ` ${line}`
    }
    previousRaw = raw
  }
  return joined
}

function fromStructuredBody(text: string): { message: string; envelope: Envelope } | undefined {
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) {
    try {
      const body = JSON.parse(trimmed) as Record<string, unknown>
      const message = body.message ?? body.Message ?? (body.Error as Record<string, unknown> | undefined)?.Message
      const code = body.__type ?? body.code ?? body.Code ?? (body.Error as Record<string, unknown> | undefined)?.Code
      if (typeof message === 'string') {
        const errorCode = typeof code === 'string' ? code.replace(/^.*#/, '') : undefined
        return { message, envelope: { errorCode } }
      }
    } catch {
      return undefined
    }
  }
  if (trimmed.startsWith('<')) {
    const message = /<Message>([\s\S]*?)<\/Message>/.exec(trimmed)?.[1]
    if (message !== undefined) {
      const decoded = message
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')
      return {
        message: decoded,
        envelope: { errorCode: /<Code>([^<]*)<\/Code>/.exec(trimmed)?.[1], requestId: /<RequestId>([^<]*)<\/RequestId>/.exec(trimmed)?.[1] }
      }
    }
  }
  return undefined
}

const CLI_PREFIX = /(?:An error occurred|A client error) \(([\w.]+)\)(?: \([^)]*\))?(?: occurred)? when calling the (\w+) operation(?: \([^)]*\))?:\s*/
/** Terraform and Go tools: `error calling sts:GetCallerIdentity: InvalidClientTokenId: …`. */
const CALLING_ACTION = /\berror calling ([a-z0-9-]+):(\w+):\s*/i
const GO_PREFIX = /operation error ([\w ]+?): (\w+), (?:exceeded maximum number of attempts, \d+, )?https response error StatusCode: (\d+), RequestID: ([\w-]*), (?:api error )?(\w+):\s*/
/** `AccessDeniedException: …`, `AccessDenied: …`, `ValidationError: …` as JS SDKs and loggers print them. */
const CODE_PREFIX = /(?:^|[\s[(])((?:AccessDenied|Validation|Unauthorized|ExpiredToken|InvalidClientTokenId|Throttling)\w*):\s+/
const JAVA_SUFFIX = /\s*\((Service: [^)]*)\)\s*\.?\s*$/

function parseJavaSuffix(body: string, envelope: Envelope): void {
  for (const part of body.split(/[;,]\s*/)) {
    const colon = part.indexOf(':')
    if (colon < 0) continue
    const key = part.slice(0, colon).trim().toLowerCase()
    const value = part.slice(colon + 1).trim()
    if (key === 'service') envelope.service = value
    else if (key === 'status code') envelope.statusCode = Number(value) || undefined
    else if (key === 'error code') envelope.errorCode = value
    else if (key === 'request id') envelope.requestId = value
  }
}

/** C0 and C1 control characters other than tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g

/**
 * Pasted text without terminal escape sequences (colours copied from a terminal, or a hostile
 * title-setting or screen-clearing sequence) and other control characters: whatever explain echoes
 * must not drive the user's terminal (issue 17), and AWS's messages never contain them.
 */
export function withoutControlCharacters(text: string): string {
  return stripAnsi(text).replace(CONTROL_CHARACTERS, '')
}

/** Markdown bold around a token (`**Could not … WebIdentity**`), never the `***` of a redacted account. */
const MARKDOWN_BOLD = /(?<![*\w])\*\*(?=\w)|(?<=[\w.)])\*\*(?![*\w])/g

/** Markdown's hard line break: a backslash ending a line (`… service control policy"}\`). */
const MARKDOWN_LINE_BREAK = /\\$/gm

/**
 * Pasted text without Markdown's quoting: issues wrap ARNs, actions and codes in backticks or bold
 * (`` User: `arn:…` is not authorized to perform: `sts:TagSession` ``) and end lines with a
 * backslash to break them; AWS's messages contain none of these.
 */
export function withoutMarkdownQuoting(text: string): string {
  return text.replace(/`/g, '').replace(MARKDOWN_BOLD, '').replace(MARKDOWN_LINE_BREAK, '')
}

const STRING_ESCAPE = /\\[nrt"\\]/

/**
 * Text that went through JSON or a language's string repr once or twice (LiteLLM's
 * `{\"message\":…}`, a Rust `Debug` of an XML body, a log of `str(error)`), as the characters the
 * escapes stand for: AWS's message spans `\n` and `\"` there, which no pattern reads across.
 */
export function withoutStringEscapes(text: string): string {
  let out = text
  for (let pass = 0; pass < 3 && STRING_ESCAPE.test(out); pass++) {
    out = out
      .replace(/\\\\/g, '\\')
      .replace(/\\[nr]/g, '\n')
      .replace(/\\t/g, '\t')
      .replace(/\\"/g, '"')
  }
  return out
}

/** A line inside a terminal UI's frame (Claude Code's `│   API Error: 403 …   │`): box-drawing verticals at both ends. */
const FRAMED_LINE = /^[ \t]*[│┃║](.*?)[│┃║][ \t]*$/
/** A left border alone (a frame whose right side the paste cut off). */
const LEFT_BORDER = /^[ \t]*[│┃║][ \t]*/gm

/**
 * Pasted text without the frame a terminal UI draws around it; AWS's messages have none. The UI
 * word-wraps inside the frame (padding it to one width), so a line whose text stops short of the
 * frame, less one column of padding, ended at a space: it keeps one trailing space, which `unwrap`
 * reads as a soft wrap. A line that fills the frame cut a word only if that word is longer than a
 * line (the UI cuts no shorter word): when its last token and the next line's first would fit on
 * one line together, the break was a space too.
 */
export function withoutBoxBorders(text: string): string {
  const lines = text.split('\n')
  const inner = lines.map((line) => FRAMED_LINE.exec(line)?.[1])
  const full = Math.max(0, ...inner.map((content) => content?.length ?? 0)) - 1
  const texts = inner.map((content) => content?.trim())
  const textWidth = Math.max(0, ...texts.map((t) => t?.length ?? 0))
  const endsAtSpace = (i: number): boolean => {
    const content = inner[i]!
    if (content.trimEnd().length < full) return true
    const tail = /\S*$/.exec(texts[i]!)?.[0] ?? ''
    const head = /^\S*/.exec(texts[i + 1] ?? '')?.[0] ?? ''
    return texts[i + 1] !== undefined && tail.length + head.length < textWidth
  }
  return lines.map((line, i) => (inner[i] === undefined ? line.replace(LEFT_BORDER, '') : `${texts[i]!}${endsAtSpace(i) ? ' ' : ''}`)).join('\n')
}

/** Split an error text into AWS's message and what the tooling around it said. Never throws. */
export function peelEnvelope(raw: string): { message: string; envelope: Envelope } {
  const bounded = withoutBoxBorders(withoutMarkdownQuoting(withoutControlCharacters(raw.length > MAX_INPUT_CHARS ? raw.slice(0, MAX_INPUT_CHARS) : raw)))
  const structured = fromStructuredBody(bounded)
  let text = structured ? structured.message : unwrap(withoutStringEscapes(bounded))
  const envelope: Envelope = structured ? { ...structured.envelope } : {}

  const java = JAVA_SUFFIX.exec(text)
  if (java?.[1]) {
    parseJavaSuffix(java[1], envelope)
    text = text.slice(0, java.index)
  }
  const go = GO_PREFIX.exec(text)
  const cli = CLI_PREFIX.exec(text)
  if (go) {
    envelope.service = go[1]
    envelope.operation = go[2]
    envelope.statusCode = Number(go[3]) || undefined
    envelope.requestId = go[4] || envelope.requestId
    envelope.errorCode = go[5]
    text = text.slice(go.index + go[0].length)
  } else if (cli) {
    envelope.errorCode = cli[1]
    envelope.operation = cli[2]
    text = text.slice(cli.index + cli[0].length)
  } else {
    const calling = CALLING_ACTION.exec(text)
    if (calling) {
      envelope.service = calling[1]
      envelope.operation = calling[2]
      text = text.slice(calling.index + calling[0].length)
    }
    const code = CODE_PREFIX.exec(text)
    if (code && code.index < 200) {
      envelope.errorCode ??= code[1]
      text = text.slice(code.index + code[0].length)
    }
  }
  // Java SDK v1 puts the suffix before a trailing period; loggers add quotes.
  text = text
    .trim()
    .replace(/^["'`]+|["'`]+$/g, '')
    .trim()
  return { message: text, envelope }
}
