// Issue 8 item 2: checks and deliverables name codes through their registries and predicates, never as literals,
// so a code set cannot be copied and drift again (the void and not-tried sets once had).
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { KEYCHAIN } from '../../src/keychain/codes'
import { ANSWER, DNS, isDnsFailure, isNxdomain, isVoid, NET } from '../../src/network/codes'

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

describe('DNS predicates', () => {
  it('takes both spellings of a void answer: the codes and what walks and snapshots store', () => {
    for (const code of [DNS.NXDOMAIN, DNS.NODATA, ANSWER.NXDOMAIN, ANSWER.NODATA])
      expect(isVoid(code)).toBe(true)
    expect([DNS.NXDOMAIN, ANSWER.NXDOMAIN].map(isNxdomain)).toEqual([true, true])
    expect([DNS.NODATA, DNS.SERVFAIL, ANSWER.SERVFAIL, undefined].map(isVoid)).toEqual([
      true,
      false,
      false,
      false,
    ])
  })

  it('counts a refusal of the network layer as a failed lookup, and a mail engine code as none', () => {
    // A DKIM or DMARC lookup stopped by the budget is an error, never a broken key or an invalid record.
    expect([DNS.SERVFAIL, DNS.TIMEOUT, DNS.NOT_RECORDED, NET.BUDGET_EXHAUSTED].map(isDnsFailure)).toEqual([
      true,
      true,
      true,
      true,
    ])
    expect([DNS.NXDOMAIN, ANSWER.NODATA, 'DKIM_NO_KEY', 'DMARC_SYNTAX', undefined].map(isDnsFailure)).toEqual(
      [false, false, false, false, false],
    )
  })
})
