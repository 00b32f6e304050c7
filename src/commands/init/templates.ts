/**
 * `init --template`: find the shipped templates (templates/*.json beside package.json), load one by
 * name or path, list them, and apply one to the pending setup (issue 19). The template ranks below
 * everything the user gave; its requirements are asked on a terminal and required flags elsewhere.
 */
import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { invalidInput } from '../../core/errors.js'
import type { PendingSetup } from '../../core/setup/index.js'
import { askField } from '../../core/setup/questions.js'
import { TEMPLATE_NAME_PATTERN } from '../../core/templates/schema.js'
import { checkRequirements, missingRequirement, openRequirements, parseTemplate, requirementRow, underlayTemplate } from '../../core/templates/template.js'
import type { Template } from '../../core/templates/template.js'
import { readInputFile } from '../../ui/files.js'
import type { Prompter } from '../../ui/prompts.js'

/** A template is a few hundred bytes; anything far larger is the wrong file. */
const MAX_TEMPLATE_BYTES = 64_000

/** What `--template list` asks for. */
export const LIST_TEMPLATES = 'list'

/**
 * The package's templates/ folder: found by walking up from this module (src/commands/init/ in
 * tests, dist/chunks/ when bundled) to the folder holding package.json and templates/.
 */
export function shippedTemplatesDir(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return join(dir, 'templates')
    if (dirname(dir) === dir) throw new Error(`the templates folder was not found above ${from}`)
  }
}

/** The shipped template names, sorted. */
export async function templateNames(dir: string = shippedTemplatesDir()): Promise<string[]> {
  const files = await readdir(dir)
  return files
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .filter((name) => TEMPLATE_NAME_PATTERN.test(name))
    .sort()
}

/** A template by shipped name, or by path (a value with a slash or ending in .json). Unknown name: exit 2 listing the names. */
export async function loadTemplate(value: string, cwd: string, dir: string = shippedTemplatesDir()): Promise<Template> {
  const isPath = value.includes('/') || value.includes('\\') || value.endsWith('.json')
  if (!isPath) {
    const names = await templateNames(dir)
    if (!names.includes(value)) throw invalidInput('--template', value, `one of: ${names.join(', ')} (or "${LIST_TEMPLATES}" to describe them)`)
  }
  const file = isPath ? value : join(dir, `${value}.json`)
  const text = await readInputFile('--template', file, cwd, { maxBytes: MAX_TEMPLATE_BYTES, expected: 'a template name or a readable template file (.json)' })
  const name = isPath ? (file.split(/[\\/]/).pop() ?? file).replace(/\.json$/, '') : value
  return parseTemplate(name, text)
}

/** Every shipped template, parsed (a broken one fails loudly: shipping it would be the bug). */
export async function loadAllTemplates(dir: string = shippedTemplatesDir()): Promise<Template[]> {
  const names = await templateNames(dir)
  return Promise.all(names.map((name) => loadTemplate(name, dir, dir)))
}

/** `init --template list`: one line per template, name then summary. */
export function renderTemplateList(templates: readonly Template[]): string {
  const width = Math.max(...templates.map((t) => t.name.length))
  return `${templates.map((t) => `${t.name.padEnd(width)}  ${t.summary}`).join('\n')}\n`
}

/** The wizard's first question (no --template given): a scenario, or none. */
export async function askTemplate(prompter: Prompter, templates: readonly Template[]): Promise<Template | undefined> {
  const choice = await prompter.select<string>({
    message: 'Which scenario is this? (a template fills what it can)',
    flag: '--template',
    default: '',
    choices: [{ value: '', name: 'none: answer every question' }, ...templates.map((t) => ({ value: t.name, name: `${t.name}: ${t.summary}` }))]
  })
  return templates.find((t) => t.name === choice)
}

/**
 * Apply a template to one pending setup: ask (terminal) or require (otherwise) what it needs,
 * check caller kinds, then put its values under the user's. Mutates `item.merged`.
 */
export async function applyTemplate(item: PendingSetup, template: Template, prompter: Prompter, interactive: boolean): Promise<void> {
  for (const requirement of openRequirements(item.merged, template)) {
    if (!interactive) throw missingRequirement(requirement, template)
    await askField(requirementRow(requirement), item.merged, prompter)
    if (openRequirements(item.merged, template).includes(requirement)) throw missingRequirement(requirement, template)
  }
  checkRequirements(item.merged, template)
  item.merged = underlayTemplate(item.merged, template)
}
