// The document information dictionary of a PDF (Title, Author, Subject, CreationDate): what a signed pack says
// about itself, shown beside the signature verdict. It sits inside the signed bytes, so a valid signature vouches for it.
const MAX_OBJECT = 64 * 1024

function decodeLiteral(body: string): string {
  let out = ''
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!
    if (ch !== '\\') {
      out += ch
      continue
    }
    const next = body[++i] ?? ''
    const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' }
    if (next in escapes) out += escapes[next]
    else if (/[0-7]/.test(next)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i))![0]
      out += String.fromCharCode(parseInt(oct, 8))
      i += oct.length - 1
    } else if (next === '\r' || next === '\n') {
      // a line continuation
    } else out += next
  }
  return out
}

function decodeString(token: string): string | undefined {
  if (token.startsWith('<')) {
    const hex = token.slice(1, -1).replace(/\s+/g, '')
    const bytes = Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex')
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le')
    return bytes.toString('latin1')
  }
  if (token.startsWith('(')) {
    const text = decodeLiteral(token.slice(1, -1))
    if (text.charCodeAt(0) === 0xfe && text.charCodeAt(1) === 0xff)
      return Buffer.from(text.slice(2), 'latin1').swap16().toString('utf16le')
    return text
  }
  return undefined
}

/** A string value at the start of `text`: a literal with balanced parentheses, or a hex string. */
function stringToken(text: string): string | undefined {
  if (text.startsWith('<')) {
    const end = text.indexOf('>')
    return end > 0 ? text.slice(0, end + 1) : undefined
  }
  if (!text.startsWith('(')) return undefined
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '\\') i++
    else if (ch === '(') depth++
    else if (ch === ')' && --depth === 0) return text.slice(0, i + 1)
  }
  return undefined
}

function objectBody(pdf: string, num: number): string | undefined {
  const re = new RegExp(`(?:^|[\\r\\n\\s])${num} 0 obj`, 'g')
  let match: RegExpExecArray | null
  let last: RegExpExecArray | undefined
  // The latest definition wins, as in an incremental update.
  while ((match = re.exec(pdf))) last = match
  if (!last) return undefined
  const start = last.index + last[0].length
  const end = pdf.indexOf('endobj', start)
  return pdf.slice(start, end < 0 ? start + MAX_OBJECT : Math.min(end, start + MAX_OBJECT)).trim()
}

function value(pdf: string, dict: string, key: string): string | undefined {
  const at = new RegExp(`/${key}\\s*`).exec(dict)
  if (!at) return undefined
  const rest = dict.slice(at.index + at[0].length)
  const ref = /^(\d+) 0 R/.exec(rest)
  const token = ref ? stringToken(objectBody(pdf, Number(ref[1])) ?? '') : stringToken(rest)
  return token ? decodeString(token) : undefined
}

/** Reads Title, Author, Subject and CreationDate from the trailer's /Info dictionary, when there is one. */
export function documentInfo(bytes: Buffer): {
  title?: string
  author?: string
  subject?: string
  created?: string
} {
  const pdf = bytes.toString('latin1')
  const infos = [...pdf.matchAll(/\/Info\s+(\d+) 0 R/g)]
  const info = infos.at(-1)
  if (!info) return {}
  const dict = objectBody(pdf, Number(info[1]))
  if (!dict) return {}
  const out: { title?: string; author?: string; subject?: string; created?: string } = {}
  const title = value(pdf, dict, 'Title')
  const author = value(pdf, dict, 'Author')
  const subject = value(pdf, dict, 'Subject')
  const created = value(pdf, dict, 'CreationDate')
  if (title) out.title = title
  if (author) out.author = author
  if (subject) out.subject = subject
  if (created) {
    const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?/.exec(created)
    out.created = m ? `${m[1]}-${m[2]}-${m[3]}${m[4] ? ` ${m[4]}:${m[5] ?? '00'}` : ''}` : created
  }
  return out
}
