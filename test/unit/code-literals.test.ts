// Issue 8 item 2: checks and deliverables name codes through their registries and predicates, never as literals,
// so a code set cannot be copied and drift again (the void and not-tried sets once had).
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { KEYCHAIN } from '../../src/keychain/codes'
import { ANSWER, DNS, NET } from '../../src/network/codes'

const ROOTS = ['src/checks', 'src/deliverables']
const CODES = [
  ...Object.values(NET),
  ...Object.values(DNS),
  ...Object.values(ANSWER),
  ...Object.values(KEYCHAIN),
]

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(path.join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [path.join(dir, e.name)]
        : [],
  )

/** Every `file:line: text` in the roots whose text matches `pattern`. */
function offenders(pattern: RegExp): string[] {
  return ROOTS.flatMap(sources).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  )
}

describe('code literals in checks and deliverables', () => {
  it('spells no code of the network, DNS or keychain registries as a string literal', () => {
    const quoted = new RegExp(`['"\`](${CODES.join('|')})['"\`]`)
    expect(offenders(quoted)).toEqual([])
  })

  it('tells DNS codes by the predicates, not by their prefix', () => {
    expect(offenders(/startsWith\(['"`]DNS_|\/\^DNS_/)).toEqual([])
  })

  it('would catch a literal void set and a literal comparison', () => {
    const quoted = new RegExp(`['"\`](${CODES.join('|')})['"\`]`)
    expect(quoted.test(`const VOID = new Set(['DNS_NXDOMAIN', 'DNS_NODATA'])`)).toBe(true)
    expect(quoted.test(`if (n.terminal === 'NXDOMAIN')`)).toBe(true)
    expect(quoted.test(`if (isNxdomain(n.terminal))`)).toBe(false)
  })
})
