// The scope guard: which hosts an engagement may touch.
import { describe, expect, it } from 'vitest'
import { parseEngagement } from '../../src/engagement/load'
import { normalizeHost, Scope, scopePatternProblem } from '../../src/network/scope'

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

describe('wildcards over a public suffix', () => {
  const engagement = (allow: string[]): string =>
    JSON.stringify({
      schema: 'handover.engagement/1',
      name: 'Acme client portal',
      domains: { apex: 'acme.co.uk' },
      scope: { allow },
    })

  // Bug: scope.allow accepted "*.co.uk" and "*.github.io": the pattern only had to be a syntactically valid
  // domain, so one line put every site registered under a public suffix in scope (and the guard obeyed it).
  // Fix: scopePatternProblem() asks tldts for the public suffix (private section included); validation refuses
  // the pattern with one sentence, and Scope drops it.
  it('Bug: scope.allow accepts public-suffix wildcards (*.co.uk, *.github.io)', async () => {
    for (const [pattern, suffix] of [
      ['*.co.uk', 'co.uk'],
      ['*.github.io', 'github.io'],
    ] as const) {
      const r = await parseEngagement(
        engagement(['acme.co.uk', 'www.acme.co.uk', pattern]),
        '/w/handover.json',
      )
      expect(r.ok).toBe(false)
      if (r.ok) continue
      expect(r.error.code).toBe('ENGAGEMENT_INVALID')
      expect(r.error.message).toBe(
        `handover.json: scope.allow[2]: "${pattern}" covers the public suffix ${suffix}, which would put every site registered under it in scope; name the client's own domain instead, such as *.acme.${suffix} (line 1, column 143).`,
      )
      const scope = new Scope(['acme.co.uk', pattern])
      expect(scope.allows(`victim.${suffix}`)).toBe(false)
      expect(scope.allows('acme.co.uk')).toBe(true)
    }
  })

  it.each(['*.com', '*.CO.UK.', '*.s3.amazonaws.com', '*.herokuapp.com', '*.foo.ck', '*.test'])(
    'refuses %s',
    (pattern) => {
      expect(scopePatternProblem(pattern)).toMatch(/covers the public suffix/)
      expect(new Scope([pattern]).allows(`x.${normalizeHost(pattern.slice(2))}`)).toBe(false)
    },
  )

  it.each(['*.acme.co.uk', '*.acme.github.io', '*.acme.test', '*.www.ck', 'co.uk', 'acme.test', '127.0.0.1'])(
    'keeps %s',
    async (pattern) => {
      expect(scopePatternProblem(pattern)).toBeUndefined()
      const r = await parseEngagement(
        engagement(['acme.co.uk', 'www.acme.co.uk', pattern]),
        '/w/handover.json',
      )
      expect(r.ok).toBe(true)
    },
  )

  it('still lets a client wildcard cover its own hosts', () => {
    const scope = new Scope(['*.acme.co.uk'])
    expect(scope.allows('app.acme.co.uk')).toBe(true)
    expect(scope.allows('evil.co.uk')).toBe(false)
  })
})
