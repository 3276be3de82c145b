import { describe, expect, it } from 'vitest'
import { dottedAddress, formatAddress, parseAddress } from '../../src/mail/spf/ip'
import { expandMacros, parseDomainSpec, parseMacroString, type MacroValues } from '../../src/mail/spf/macro'

/** The RFC 7208 §7.4 example context: strong-bad@email.example.com from 192.0.2.3. */
function values(ip = '192.0.2.3', overrides: Partial<MacroValues> = {}): MacroValues {
  const address = parseAddress(ip)
  if (!address) throw new Error(`bad test address ${ip}`)
  return {
    sender: 'strong-bad@email.example.com',
    localPart: 'strong-bad',
    senderDomain: 'email.example.com',
    domain: 'email.example.com',
    ip: dottedAddress(address),
    readableIp: formatAddress(address),
    ipVersion: address.family === 4 ? 'in-addr' : 'ip6',
    helo: 'mx.example.org',
    receiver: 'mx.receiver.test',
    timestamp: 1_700_000_000,
    validatedName: async () => 'mx.example.org',
    ...overrides,
  }
}

async function expand(
  text: string,
  context: 'domain' | 'explanation' = 'domain',
  v = values(),
): Promise<string> {
  const parsed = parseMacroString(text, context)
  if (!parsed.ok) throw new Error(parsed.error.message)
  return expandMacros(parsed.value, v, context)
}

describe('SPF macro expansion (RFC 7208 §7)', () => {
  it.each([
    ['%{s}', 'strong-bad@email.example.com'],
    ['%{o}', 'email.example.com'],
    ['%{d}', 'email.example.com'],
    ['%{d4}', 'email.example.com'],
    ['%{d3}', 'email.example.com'],
    ['%{d2}', 'example.com'],
    ['%{d1}', 'com'],
    ['%{dr}', 'com.example.email'],
    ['%{d2r}', 'example.email'],
    ['%{l}', 'strong-bad'],
    ['%{l-}', 'strong.bad'],
    ['%{lr}', 'strong-bad'],
    ['%{lr-}', 'bad.strong'],
    ['%{l1r-}', 'strong'],
    ['%{ir}.%{v}._spf.%{d2}', '3.2.0.192.in-addr._spf.example.com'],
    ['%{lr-}.lp._spf.%{d2}', 'bad.strong.lp._spf.example.com'],
    ['%{lr-}.lp.%{ir}.%{v}._spf.%{d2}', 'bad.strong.lp.3.2.0.192.in-addr._spf.example.com'],
    ['%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}', '3.2.0.192.in-addr.strong.lp._spf.example.com'],
    ['%{d2}.trusted-domains.example.net', 'example.com.trusted-domains.example.net'],
    ['%{p2}.trusted-domains.example.net.', 'example.org.trusted-domains.example.net'],
    ['%{h}', 'mx.example.org'],
    ['%{o2}', 'example.com'],
    ['%{l2r+-}', 'bad.strong'],
    ['%{d999}', 'email.example.com'],
  ])('expands %s in a domain-spec to %s', async (macro, expected) => {
    expect(await expand(macro)).toBe(expected)
  })

  it('expands the RFC example for IPv6 with dotted nibbles in the i macro', async () => {
    const expanded = await expand('%{ir}.%{v}._spf.%{d2}', 'domain', values('2001:db8::cb01'))
    // Upper-case nibbles, as the RFC 7208 test suite expects; DNS names compare case-insensitively.
    expect(expanded).toBe(
      '1.0.B.C.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2.ip6._spf.example.com',
    )
  })

  it.each([
    ['%{c}', '192.0.2.3', '192.0.2.3'],
    ['%{c}', '2001:db8::cb01', '2001:db8::cb01'],
    ['%{c}', '2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['%{c}', '::FFFF:192.0.2.3', '192.0.2.3'],
    ['%{v}', '2001:db8::1', 'ip6'],
  ])('expands %s for %s to %s in explanation text', async (macro, ip, expected) => {
    expect(await expand(macro, 'explanation', values(ip))).toBe(expected)
  })

  it('expands the explanation-only letters r and t, and keeps spaces and a trailing dot', async () => {
    expect(await expand('Rejected by %{r} at %{t}.', 'explanation')).toBe(
      'Rejected by mx.receiver.test at 1700000000.',
    )
  })

  it('expands the escapes %%, %_ and %-', async () => {
    expect(await expand('macro%%percent%_%_space%-url-space.example.com')).toBe(
      'macro%percent  space%20url-space.example.com',
    )
  })

  it('URL-escapes upper-case macros, keeping only unreserved characters', async () => {
    const v = values('192.0.2.3', { localPart: '~jack&jill=up-a_b3.c' })
    expect(await expand('http://example.com/why.html?l=%{L}', 'explanation', v)).toBe(
      'http://example.com/why.html?l=~jack%26jill%3Dup-a_b3.c',
    )
    expect(await expand('%{H}', 'domain', values('192.0.2.3', { helo: "JUMPIN' JUPITER" }))).toBe(
      'JUMPIN%27%20JUPITER',
    )
  })

  it('asks for the validated name only when %{p} is used', async () => {
    let asked = 0
    const v = values('192.0.2.3', {
      validatedName: async () => {
        asked++
        return 'mail.example.com'
      },
    })
    expect(await expand('%{d}', 'domain', v)).toBe('email.example.com')
    expect(asked).toBe(0)
    expect(await expand('%{p}', 'domain', v)).toBe('mail.example.com')
    expect(asked).toBe(1)
  })

  it('cuts an expanded domain longer than 253 octets from the left, label by label', async () => {
    const long = 'somewhat.long.exp.example.com'
    const v = values('192.0.2.3', { senderDomain: long })
    const expanded = await expand('foobar.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.example.com', 'domain', v)
    expect(expanded.length).toBeLessThanOrEqual(253)
    expect(expanded).toBe(`${Array(8).fill(long).join('.')}.example.com`)
  })

  it.each([
    ['%(ir).sbl.example.com', "a '%' must be followed by"],
    ['foo%.sbl.example.com', "a '%' must be followed by"],
    ['%{a}.example.com', 'unknown macro letter'],
    ['%{r}.example.com', 'only allowed in explanation text'],
    ['%{l0}.example.com', 'must not be zero'],
    ['%{d2x}.example.com', 'invalid delimiter'],
    ['%{d.example.com', 'unterminated macro'],
    ['a b.example.com', 'a space'],
    ['foo.example.com\u0000', 'control character 0x00'],
    ['\u00efgarbage.example.net', 'non-ASCII'],
  ])('rejects %j as a domain macro-string (%s)', (text, reason) => {
    const parsed = parseMacroString(text, 'domain')
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.error.code).toBe('SPF_MACRO_SYNTAX')
    expect(!parsed.ok && parsed.error.message).toContain(reason)
  })

  it('allows spaces and c, r, t only in explanation text', () => {
    expect(parseMacroString('Sorry %{c}, see %{r}', 'explanation').ok).toBe(true)
    expect(parseMacroString('The %{x}-files.', 'explanation').ok).toBe(false)
  })
})

describe('SPF domain-spec syntax (RFC 7208 §7.1)', () => {
  it.each([
    ['example.com', true],
    ['example.com.', true],
    ['foo.example.xn--zckzah', true],
    ['foo:bar/baz.example.com', true],
    ['%{d}', true],
    ['_spfh.%{d2}', true],
    ['mail.example...com', true],
    ['foo.%%', true],
    ['', false],
    ['foo-bar', false],
    ['museum', false],
    ['museum.', false],
    ['abc.123', false],
    ['111.222.33.44', false],
    ['example.-com', false],
    ['example.com:8080', false],
    ['mail.example.com/24', false],
    ['%{d}com', false],
  ])('%j is %s', (text, valid) => {
    expect(parseDomainSpec(text).ok).toBe(valid)
  })
})
