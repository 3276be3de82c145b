// Where a workspace file's JSON goes wrong, as line and column, without recursion: jsonc-parser's scanner reads
// the tokens, an explicit stack follows the nesting. (jsonc-parser's own parse and parseTree recurse and overflow
// the stack at about 10,000 levels, as did the scanner this replaces.)
import { createScanner } from 'jsonc-parser'

// jsonc-parser's SyntaxKind and ScanError are ambient const enums (unusable under isolatedModules): their values.
const T = {
  openBrace: 1,
  closeBrace: 2,
  openBracket: 3,
  closeBracket: 4,
  comma: 5,
  colon: 6,
  null: 7,
  true: 8,
  false: 9,
  string: 10,
  number: 11,
  lineBreak: 14,
  trivia: 15,
  eof: 17,
} as const
const SCAN_OK = 0

/** `line L, column C` of an offset in `text` (both counted from 1). */
export function linePosition(text: string, offset: number): string {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - before.lastIndexOf('\n')
  return `line ${line}, column ${column}`
}

type Segment = string | number

interface Frame {
  kind: 'object' | 'array'
  /** object: 'key' | 'colon' | 'value' | 'next'; array: 'value' | 'next' (plus 'first' right after the opener). */
  expect: 'first' | 'key' | 'colon' | 'value' | 'next'
  /** The member being read: its key, or its index. */
  at: Segment
  /** This container's path is a prefix of the path being located. */
  onPath: boolean
}

/** What a walk over the text found: the first syntax error, and where the located path (or its deepest prefix) is. */
interface Walk {
  errorAt?: number
  found: { depth: number; offset: number; keyOffset?: number }
}

function walk(text: string, target: readonly Segment[] = []): Walk {
  const scanner = createScanner(text, false)
  const stack: Frame[] = []
  const result: Walk = { found: { depth: -1, offset: 0 } }
  let done = false
  let keyOffset: number | undefined
  // A value starts at this token: note it when its path is the located one (or a deeper prefix of it).
  const valueStarts = (offset: number): void => {
    const depth = stack.length
    const parent = stack.at(-1)
    const onPath =
      depth === 0 || (parent!.onPath && depth <= target.length && target[depth - 1] === parent!.at)
    if (onPath && depth > result.found.depth)
      result.found = {
        depth,
        offset,
        ...(depth > 0 && parent!.kind === 'object' ? { keyOffset: keyOffset! } : {}),
      }
  }
  const onPathChild = (): boolean =>
    result.found.depth === stack.length && result.found.depth <= target.length
  const valueEnds = (): void => {
    const parent = stack.at(-1)
    if (parent) parent.expect = 'next'
    else done = true
  }
  for (;;) {
    const kind = scanner.scan()
    if (kind === T.trivia || kind === T.lineBreak) continue
    const offset = scanner.getTokenOffset()
    if (scanner.getTokenError() !== SCAN_OK) return { ...result, errorAt: offset }
    const top = stack.at(-1)
    if (kind === T.eof) return top || !done ? { ...result, errorAt: offset } : result
    if (done) return { ...result, errorAt: offset }
    const expect = top?.expect ?? 'value'
    if (top?.kind === 'object' && (expect === 'first' || expect === 'key')) {
      if (kind === T.closeBrace && expect === 'first') {
        stack.pop()
        valueEnds()
      } else if (kind === T.string) {
        top.at = scanner.getTokenValue()
        keyOffset = offset
        top.expect = 'colon'
      } else return { ...result, errorAt: offset }
      continue
    }
    if (top?.kind === 'object' && expect === 'colon') {
      if (kind !== T.colon) return { ...result, errorAt: offset }
      top.expect = 'value'
      continue
    }
    if (top && expect === 'next') {
      const close = top.kind === 'object' ? T.closeBrace : T.closeBracket
      if (kind === close) {
        stack.pop()
        valueEnds()
      } else if (kind === T.comma) {
        if (top.kind === 'array') top.at = (top.at as number) + 1
        top.expect = top.kind === 'object' ? 'key' : 'value'
      } else return { ...result, errorAt: offset }
      continue
    }
    // A value is expected (top level, after a colon, in an array).
    if (top?.kind === 'array' && expect === 'first' && kind === T.closeBracket) {
      stack.pop()
      valueEnds()
      continue
    }
    if (kind === T.openBrace || kind === T.openBracket) {
      valueStarts(offset)
      const onPath = onPathChild()
      stack.push({ kind: kind === T.openBrace ? 'object' : 'array', expect: 'first', at: 0, onPath })
      continue
    }
    if (kind === T.string || kind === T.number || kind === T.null || kind === T.true || kind === T.false) {
      valueStarts(offset)
      valueEnds()
      continue
    }
    return { ...result, errorAt: offset }
  }
}

/** Offset of the first character that makes `text` invalid JSON, or undefined when it is valid. */
export function jsonErrorOffset(text: string): number | undefined {
  return walk(text).errorAt
}

/**
 * Where `path` sits in valid JSON text: the value's offset, or for a path that is not there the offset of its
 * deepest existing parent; `key` asks for the offset of the member's name instead of its value.
 */
export function pathOffset(text: string, path: readonly Segment[], key = false): number {
  const { found } = walk(text, path)
  return key && found.depth === path.length && found.keyOffset !== undefined ? found.keyOffset : found.offset
}
