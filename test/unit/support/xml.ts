// A strict little XML 1.0 reader: enough to prove an exporter's output is well-formed and to read it back.

/** One element with its attributes (entities decoded), child elements and direct text. */
export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  text: string
}

const NAME = /^[A-Za-z_][\w.-]*/
const ATTRIBUTE = /^\s+([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g
// XML 1.0 Char: tab, LF, CR and everything from U+0020 except surrogates and U+FFFE/U+FFFF.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/

function decode(raw: string, where: string): string {
  if (FORBIDDEN.test(raw)) throw new Error(`${where}: character not allowed in XML 1.0`)
  if (/&(?!(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw))
    throw new Error(`${where}: bare & or unknown entity`)
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }
  return raw.replace(ENTITY, (_m, name?: string, dec?: string, hex?: string) =>
    name ? named[name]! : String.fromCodePoint(Number.parseInt(dec ?? hex!, dec ? 10 : 16)),
  )
}

/** Parses a document with one root element; throws on anything that is not well-formed. */
export function parseXml(xml: string): XmlElement {
  let rest = xml.replace(/^<\?xml\s[^?]*\?>/, '')
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  while (rest.length > 0) {
    const lt = rest.indexOf('<')
    const text = lt === -1 ? rest : rest.slice(0, lt)
    if (text.length > 0) {
      const top = stack.at(-1)
      if (top) top.text += decode(text, `text in <${top.name}>`)
      else if (text.trim() !== '') throw new Error('text outside the root element')
    }
    if (lt === -1) break
    rest = rest.slice(lt)
    if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->')
      if (end === -1) throw new Error('unterminated comment')
      rest = rest.slice(end + 3)
    } else if (rest.startsWith('</')) {
      const name = NAME.exec(rest.slice(2))?.[0]
      const open = stack.pop()
      if (!name || !open || open.name !== name)
        throw new Error(`</${name ?? '?'}> does not close <${open?.name ?? 'nothing'}>`)
      const close = /^\s*>/.exec(rest.slice(2 + name.length))
      if (!close) throw new Error(`malformed </${name}>`)
      rest = rest.slice(2 + name.length + close[0].length)
    } else {
      const name = NAME.exec(rest.slice(1))?.[0]
      if (!name) throw new Error(`malformed tag at "${rest.slice(0, 20)}"`)
      if (root && stack.length === 0) throw new Error(`second root element <${name}>`)
      rest = rest.slice(1 + name.length)
      const element: XmlElement = { name, attributes: {}, children: [], text: '' }
      for (let m = ATTRIBUTE.exec(rest); m; m = ATTRIBUTE.exec(rest)) {
        const [whole, attr, dq, sq] = m
        if (attr! in element.attributes) throw new Error(`<${name}> repeats the attribute ${attr}`)
        const value = dq ?? sq ?? ''
        if (value.includes('<')) throw new Error(`<${name} ${attr}> contains <`)
        element.attributes[attr!] = decode(value, `<${name} ${attr}>`)
        rest = rest.slice(whole.length)
      }
      const end = /^\s*(\/?)>/.exec(rest)
      if (!end) throw new Error(`malformed <${name}> at "${rest.slice(0, 20)}"`)
      rest = rest.slice(end[0].length)
      stack.at(-1)?.children.push(element)
      root ??= element
      if (end[1] !== '/') stack.push(element)
    }
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)!.name}> is never closed`)
  if (!root) throw new Error('no root element')
  return root
}
