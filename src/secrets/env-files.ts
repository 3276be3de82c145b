// Which file names are environment files (DESIGN.md secrets.env-files), and how to read their variables.

/** Names that are templates, not real environment files. */
const TEMPLATE = /(?:^|[._-])(?:example|sample|template|dist|defaults?|schema|tpl)(?:[._-]|$)/i

/** True for `.env`, `.env.production`, `prod.env`, `.envrc`…, but not `.env.example` or `example.env`. */
export function isEnvFileName(name: string): boolean {
  const base = name.split(/[\\/]/).pop() ?? name
  if (TEMPLATE.test(base)) return false
  return /^\.env(?:\..+)?$/.test(base) || /^[\w.-]+\.env$/.test(base) || base === '.envrc'
}

/** One `NAME=value` line of an env file; the value stays inside the probe that read it. */
export interface EnvAssignment {
  name: string
  value: string
  line: number
}

/** Parses dotenv syntax: `export` prefixes, quotes, `#` comments; multi-line values in double quotes. */
export function parseEnvFile(text: string): EnvAssignment[] {
  const out: EnvAssignment[] = []
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(lines[i]!)
    if (!m) continue
    let value = m[2]!.trim()
    const line = i + 1
    const quote = value[0]
    if (quote === '"' || quote === "'" || quote === '`') {
      let body = value.slice(1)
      while (!body.includes(quote) && i + 1 < lines.length) body += `\n${lines[++i]}`
      value = body.slice(0, body.indexOf(quote) >= 0 ? body.indexOf(quote) : undefined)
      if (quote === '"') value = value.replace(/\\n/g, '\n')
    } else {
      value = value.replace(/\s+#.*$/, '')
    }
    out.push({ name: m[1]!, value, line })
  }
  return out
}
