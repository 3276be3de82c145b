// The scope guard: which hosts an engagement may touch.
import { describe, expect, it } from 'vitest'
import { normalizeHost, Scope } from '../../src/network/scope'

describe('Scope', () => {
  it('allows a host listed exactly', () => {
    expect(new Scope(['app.acme.test']).allows('app.acme.test')).toBe(true)
  })

  it('refuses a host that is not listed', () => {
    const scope = new Scope(['app.acme.test'])
    expect(scope.allows('api.acme.test')).toBe(false)
    expect(scope.allows('acme.test')).toBe(false)
  })

  it('does not treat an exact entry as covering its subdomains', () => {
    expect(new Scope(['acme.test']).allows('app.acme.test')).toBe(false)
  })

  it('allows any depth below a wildcard', () => {
    const scope = new Scope(['*.acme.test'])
    expect(scope.allows('app.acme.test')).toBe(true)
    expect(scope.allows('eu.api.acme.test')).toBe(true)
    expect(scope.allows('a.b.c.d.acme.test')).toBe(true)
  })

  it('does not let *.acme.test match the apex acme.test', () => {
    expect(new Scope(['*.acme.test']).allows('acme.test')).toBe(false)
  })

  it('does not let a wildcard match a look-alike suffix', () => {
    const scope = new Scope(['*.acme.test'])
    expect(scope.allows('evilacme.test')).toBe(false)
    expect(scope.allows('acme.test.evil.test')).toBe(false)
  })

  it('ignores case and a trailing dot, on the pattern and on the host', () => {
    const scope = new Scope(['App.ACME.test.', '*.Files.Acme.Test'])
    expect(scope.allows('APP.acme.TEST.')).toBe(true)
    expect(scope.allows('cdn.FILES.acme.test.')).toBe(true)
  })

  it('refuses an empty host', () => {
    expect(new Scope(['*.acme.test', 'acme.test']).allows('')).toBe(false)
    expect(new Scope(['acme.test']).allows('.')).toBe(false)
  })

  it('matches IPv6 addresses with or without brackets', () => {
    expect(new Scope(['[::1]']).allows('::1')).toBe(true)
    expect(new Scope(['::1']).allows('[::1]')).toBe(true)
  })

  it('allows nothing when no pattern is given', () => {
    expect(new Scope([]).allows('acme.test')).toBe(false)
  })
})

describe('normalizeHost', () => {
  it('lower-cases, trims and drops one trailing dot and IPv6 brackets', () => {
    expect(normalizeHost('  WWW.Acme.Test. ')).toBe('www.acme.test')
    expect(normalizeHost('[2001:DB8::1]')).toBe('2001:db8::1')
  })
})
