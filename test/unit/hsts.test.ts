// Strict-Transport-Security parsing, case by case from RFC 6797 §6.1 and §6.1.1.
import { describe, expect, it } from 'vitest'
import { ONE_YEAR, parseHsts } from '../../src/checks/support/hsts'

describe('parseHsts', () => {
  it('reads max-age, includeSubDomains and preload', () => {
    expect(parseHsts('max-age=31536000; includeSubDomains; preload')).toEqual({
      maxAge: 31_536_000,
      includeSubDomains: true,
      preload: true,
    })
  })

  it('accepts max-age alone and leaves the flags off', () => {
    expect(parseHsts('max-age=300')).toEqual({ maxAge: 300, includeSubDomains: false, preload: false })
  })

  it('accepts max-age=0, which tells browsers to forget the host', () => {
    expect(parseHsts('max-age=0')).toEqual({ maxAge: 0, includeSubDomains: false, preload: false })
  })

  it('accepts a quoted max-age value (directive-value = token / quoted-string)', () => {
    expect(parseHsts('max-age="31536000"; includeSubDomains')).toMatchObject({
      maxAge: 31_536_000,
      includeSubDomains: true,
    })
  })

  it('matches directive names case-insensitively', () => {
    expect(parseHsts('Max-Age=31536000; INCLUDESUBDOMAINS; Preload')).toEqual({
      maxAge: 31_536_000,
      includeSubDomains: true,
      preload: true,
    })
  })

  it('ignores whitespace around directives, names and the equals sign', () => {
    expect(parseHsts('  max-age = 31536000 ;\tincludeSubDomains  ')).toMatchObject({
      maxAge: 31_536_000,
      includeSubDomains: true,
    })
  })

  it('accepts directives in any order and empty directives between semicolons', () => {
    expect(parseHsts('includeSubDomains;; max-age=31536000;')).toMatchObject({
      maxAge: 31_536_000,
      includeSubDomains: true,
    })
  })

  it('ignores unknown directives, with or without a value', () => {
    expect(parseHsts('max-age=31536000; report-uri="https://acme.test/r"; futureflag')).toMatchObject({
      maxAge: 31_536_000,
    })
  })

  it('rejects a header without max-age', () => {
    expect(parseHsts('includeSubDomains; preload')).toBe('max-age is missing')
  })

  it('rejects an empty header', () => {
    expect(parseHsts('')).toBe('max-age is missing')
  })

  it('rejects a directive that appears twice, whatever its case', () => {
    expect(parseHsts('max-age=31536000; max-age=0')).toBe('the max-age directive appears twice')
    expect(parseHsts('max-age=1; MAX-AGE=1')).toBe('the max-age directive appears twice')
    expect(parseHsts('max-age=1; includeSubDomains; includesubdomains')).toBe(
      'the includesubdomains directive appears twice',
    )
  })

  it.each([
    'max-age=',
    'max-age',
    'max-age=-1',
    'max-age=1.5',
    'max-age=1e6',
    'max-age=one year',
    'max-age=""',
  ])('rejects a max-age that is not a number of seconds: %s', (header) => {
    expect(parseHsts(header)).toBe('max-age is not a number of seconds')
  })

  it('rejects an unterminated quoted value', () => {
    expect(parseHsts('max-age="31536000; includeSubDomains')).toBe('unterminated quoted value for max-age')
    expect(parseHsts('max-age="')).toBe('unterminated quoted value for max-age')
  })

  it('rejects includeSubDomains with a value', () => {
    expect(parseHsts('max-age=31536000; includeSubDomains=true')).toBe('includeSubDomains takes no value')
  })

  it('rejects a directive name that is not a token', () => {
    expect(parseHsts('max age=31536000')).toBe('"max age" is not a directive name')
  })

  it('treats a year as the minimum worth having', () => {
    expect(ONE_YEAR).toBe(365 * 24 * 60 * 60)
  })

  // Bug: the value is split on every ";" before quoted strings are recognised, so a quoted-string value that
  // contains a semicolon (allowed by RFC 6797 §6.1 for unknown directives) makes the whole header "invalid".
  // Fix: in parseHsts, split with a small scanner that skips over quoted strings (honouring \" escapes).
  it('accepts an unknown directive whose quoted value contains a semicolon', () => {
    expect(parseHsts('max-age=31536000; ext="a;b"; includeSubDomains')).toEqual({
      maxAge: 31_536_000,
      includeSubDomains: true,
      preload: false,
    })
  })
})
