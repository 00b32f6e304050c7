/**
 * Find the `bedrock-xacct …` commands in printed text (hints, fixes, NEXT-STEPS, help examples,
 * README code blocks) and split each into the argv a POSIX shell would pass.
 *
 * Conventions the splitter knows: `'…'` and `"…"` quote (a `$VAR` or `$(…)` stays a literal word:
 * its value is the user's); a backslash at the end of a line continues it; `|`, `;`, `&`, `)`, a
 * backtick or a `#` word ends the command, and so does prose: a word ending in `,` `.` `:` (the
 * punctuation dropped) or a lone `—`. A `<placeholder>` is one word, to be replaced by the user
 * (a shell would read it as a redirect, which is why it cannot run unedited).
 */

/** The commands in `text`, each as its argv after `bedrock-xacct`. */
export function commandsIn(text: string): string[][] {
  const joined = text.replace(/\\\r?\n\s*/g, ' ')
  const commands: string[][] = []
  const start = /(^|[\s(`"'|;&])bedrock-xacct(?=[ \t])/g
  for (let match = start.exec(joined); match; match = start.exec(joined)) {
    // `--role-session-name bedrock-xacct`: a flag's value, not a command.
    if (/(^|\s)--[\w-]+\s+$/.test(joined.slice(0, match.index + match[1]!.length))) continue
    commands.push(wordsFrom(joined, match.index + match[0].length))
  }
  return commands
}

function wordsFrom(text: string, from: number): string[] {
  const words: string[] = []
  let i = from
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++
    const c = text[i]
    if (c === undefined || c === '\n' || c === '\r' || '|;&)`'.includes(c) || c === '#') return words
    let word = ''
    let quoted = false
    while (i < text.length) {
      const ch = text[i]!
      if (ch === "'" || ch === '"') {
        const end = text.indexOf(ch, i + 1)
        if (end < 0) throw new Error(`unterminated ${ch} in: ${text.slice(from, from + 200)}`)
        word += text.slice(i + 1, end)
        quoted = true
        i = end + 1
        continue
      }
      if (ch === '\\' && i + 1 < text.length) {
        word += text[i + 1]
        i += 2
        continue
      }
      if (/\s/.test(ch) || '|;&)`'.includes(ch)) break
      word += ch
      i++
    }
    if (!quoted && word === '—') return words
    const prose = !quoted && /[,.:]$/.test(word) && !/^<.*>[,.:]$/.test(word) ? word.slice(0, -1) : undefined
    if (prose !== undefined) {
      if (prose !== '') words.push(prose)
      return words
    }
    words.push(word)
  }
}

/** The fenced code blocks of a Markdown text. */
export function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]!)
}

/** The `$ …` example lines of a help text, continuations joined. */
export function helpExamples(help: string): string[] {
  const joined = help.replace(/\\\r?\n\s*/g, ' ')
  return joined
    .split('\n')
    .filter((line) => /^\s*\$ /.test(line))
    .map((line) => line.replace(/^\s*\$ /, ''))
}
