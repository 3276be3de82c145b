// A small YAML writer for the CI files `handover ci init` generates: block style, every string quoted as a JSON
// string (YAML 1.2 reads JSON strings as they are), multi-line strings as literal blocks. Plain data only.

/** A value the writer can emit. */
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue }

/** A key needs no quotes when it is a plain word (job ids, step keys, `runs-on`, `security-events`). */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/

function key(k: string): string {
  return PLAIN_KEY.test(k) ? k : JSON.stringify(k)
}

function scalar(value: string | number | boolean | null): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}

function isScalar(v: YamlValue): v is string | number | boolean | null {
  return v === null || typeof v !== 'object'
}

function isEmpty(v: YamlValue): boolean {
  return Array.isArray(v)
    ? v.length === 0
    : v !== null && typeof v === 'object' && Object.keys(v).length === 0
}

/** A multi-line string as a literal block (`|`), each line indented; a final newline is kept as YAML keeps it. */
function block(text: string, indent: string): string {
  const lines = text.replace(/\n$/, '').split('\n')
  const chomp = text.endsWith('\n') ? '' : '-'
  return `|${chomp}\n${lines.map((l) => (l === '' ? '' : `${indent}${l}`)).join('\n')}`
}

function inline(value: YamlValue, indent: string): string {
  if (typeof value === 'string' && value.includes('\n')) return ` ${block(value, indent)}`
  if (isScalar(value)) return ` ${scalar(value)}`
  if (isEmpty(value)) return Array.isArray(value) ? ' []' : ' {}'
  return `\n${emit(value, indent)}`
}

function emit(value: YamlValue, indent: string): string {
  if (Array.isArray(value))
    return value
      .map((item) => {
        if (isScalar(item) || isEmpty(item)) return `${indent}-${inline(item, `${indent}  `)}`
        // The first key of a mapping sits on the dash's line, the rest below it.
        const body = emit(item, `${indent}  `)
        return `${indent}- ${body.slice(indent.length + 2)}`
      })
      .join('\n')
  if (value !== null && typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${indent}${key(k)}:${inline(v, `${indent}  `)}`)
      .join('\n')
  return `${indent}${scalar(value)}`
}

/** The YAML text of `value`, after `comment` lines written as `# …`. */
export function toYaml(value: YamlValue, comment: readonly string[] = []): string {
  const header = comment.map((line) => (line === '' ? '#' : `# ${line}`)).join('\n')
  return `${header ? `${header}\n` : ''}${emit(value, '')}\n`
}
