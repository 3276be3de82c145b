// Issue 8 item 2: checks and deliverables name codes through their registries and predicates, never as literals,
// so a code set cannot be copied and drift again (the void and not-tried sets once had).
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AUTH } from '../../src/auth/codes'
import { CHECK } from '../../src/checks/codes'
import type { ProbeError } from '../../src/core/types'
import { ENGAGEMENT } from '../../src/engagement/codes'
import { ENGINE } from '../../src/engine/codes'
import { API } from '../../src/integrations/codes'
import { KEYCHAIN } from '../../src/keychain/codes'
import { DKIM, DMARC, SPF } from '../../src/mail/codes'
import {
  ANSWER,
  BROWSER,
  DNS,
  isDnsFailure,
  isNetworkCode,
  isNxdomain,
  isTimeout,
  isVoid,
  NET,
  SMTP,
} from '../../src/network/codes'
import { FLOWS, PROBE, SESSION_STORAGE, SOURCE } from '../../src/probes/codes'

const ROOTS = ['src/checks', 'src/deliverables']
const REGISTRIES = {
  NET,
  DNS,
  ANSWER,
  BROWSER,
  SMTP,
  KEYCHAIN,
  AUTH,
  API,
  ENGINE,
  ENGAGEMENT,
  PROBE,
  SOURCE,
  FLOWS,
  SESSION_STORAGE,
  SPF,
  DKIM,
  DMARC,
  CHECK,
}
const CODES = Object.values(REGISTRIES).flatMap((r) => Object.values(r) as string[])

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(path.join(dir, e.name))
      : e.name.endsWith('.ts') && e.name !== 'codes.ts'
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
  it("spells no code of any layer's registry as a string literal", () => {
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

describe('the code registries', () => {
  it('spell every code once: no two registries share a value', () => {
    const owners = new Map<string, string[]>()
    for (const [name, registry] of Object.entries(REGISTRIES))
      for (const code of Object.values(registry) as string[])
        owners.set(code, [...(owners.get(code) ?? []), name])
    expect([...owners].filter(([, names]) => names.length > 1)).toEqual([])
  })

  it('type an observation error by the union, so a code no registry holds fails tsc (npm run typecheck)', () => {
    // @ts-expect-error — 'NO_SUCH_CODE' is in no registry; were ProbeError.code a plain string, this line would
    // compile, the directive would be unused, and the typecheck step would fail on it.
    const wrong: ProbeError = { code: 'NO_SUCH_CODE', message: 'a typo' }
    const right: ProbeError = { code: NET.TIMEOUT_READ, message: 'no bytes' }
    expect([wrong.code, right.code]).toEqual(['NO_SUCH_CODE', 'TIMEOUT_READ'])
  })

  it('tell timeouts and network codes by predicates', () => {
    expect([NET.TIMEOUT_CONNECT, NET.TIMEOUT_READ, NET.TIMEOUT_TOTAL].every(isTimeout)).toBe(true)
    expect([DNS.TIMEOUT, NET.CONNECT_REFUSED, undefined].map(isTimeout)).toEqual([false, false, false])
    expect(
      [DNS.SERVFAIL, NET.BUDGET_EXHAUSTED, ANSWER.NXDOMAIN, 'SPF_NONE', undefined].map(isNetworkCode),
    ).toEqual([true, true, false, false, false])
  })
})
