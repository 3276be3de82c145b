// A command's usage text, generated from its option table: the synopsis, the options with what each does, the exit codes.
import { COMMON, type Command, type OptionSpec } from './io'

const WIDTH = 100
/** An option's name column is at most this wide; a longer one puts its description on the next line. */
const NAME_COLUMN = 22

/** Joins `words` into lines of at most `width` characters (a longer word gets a line of its own). */
function fill(words: readonly string[], width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  return [...lines, line]
}

/** Splits `text` into lines of at most `width` characters at spaces; explicit line breaks are kept. */
function wrap(text: string, width: number): string[] {
  return text.split('\n').flatMap((paragraph) => fill(paragraph.split(' '), width))
}

const flag = (name: string, o: OptionSpec): string =>
  `--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`

/** How an option reads in the synopsis: `[--out DIR]`, `[--stage N]...`, `--status S` when required. */
function synopsisWord(name: string, o: OptionSpec): string {
  const word = o.required ? flag(name, o) : `[${flag(name, o)}]`
  return o.multiple ? `${word}...` : word
}

/** The options as a two-column list, descriptions wrapped beside their names. */
function optionList(options: readonly [string, OptionSpec][]): string[] {
  const label = ([name, o]: [string, OptionSpec]): string =>
    `${o.short ? `-${o.short}, ` : ''}${flag(name, o)}`
  const column = Math.min(NAME_COLUMN, Math.max(...options.map((e) => label(e).length)) + 2)
  return options.flatMap((entry) => {
    const name = label(entry)
    const repeat = entry[1].multiple ? (entry[1].help.endsWith('.') ? ' Repeatable.' : '; repeatable') : ''
    const text = wrap(`${entry[1].help}${repeat}`, WIDTH - 2 - column)
    const pad = ' '.repeat(2 + column)
    if (name.length + 2 > column) return [`  ${name}`, ...text.map((t) => pad + t)]
    return text.map((t, i) => (i === 0 ? `  ${name.padEnd(column)}${t}` : pad + t))
  })
}

/** The full `handover <command> --help` text. */
export function usageText(command: Command): string {
  const options = Object.entries(command.options)
  const main = options.filter(([, o]) => !o.group)
  const forms = typeof command.args === 'string' || !command.args ? [command.args ?? ''] : command.args
  const lead = `handover ${command.name}`
  const synopsis = forms.flatMap((form, i) => {
    const words = [
      ...(form ? [form] : []),
      ...(forms.length === 1 ? main.map(([n, o]) => synopsisWord(n, o)) : []),
    ]
    const prefix = i === 0 ? `Usage: ${lead}` : `${' '.repeat('Usage: '.length)}${lead}`
    const lines = fill(words, WIDTH - prefix.length - 1)
    return lines.map((l, j) =>
      j === 0 ? `${prefix} ${l}`.trimEnd() : `${' '.repeat(prefix.length + 1)}${l}`,
    )
  })
  const groups = [...new Set(options.map(([, o]) => o.group).filter((g) => g !== undefined))]
  const out = [...synopsis, '', command.about, '']
  if (main.length > 0) out.push(...optionList(main), '')
  for (const group of groups)
    out.push(`${group}:`, ...optionList(options.filter(([, o]) => o.group === group)), '')
  out.push(...optionList(Object.entries(COMMON)), '', `Exit: ${command.exit}`)
  return out.join('\n')
}
