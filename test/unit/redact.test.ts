// The redactor: known secrets in every encoding, secret headers, cookies and token-shaped strings.
import { describe, expect, it } from 'vitest'
import { mask, redactSetCookie, Redactor } from '../../src/network/redact'

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImV4cCI6MTg5MzQ1NjAwMH0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg'

function withSecret(value: string, label = 'alice-password'): Redactor {
  const r = new Redactor()
  r.addSecret(value, label)
  return r
}

describe('Redactor.text', () => {
  it('replaces a known secret with its label, everywhere it appears', () => {
    const r = withSecret('hunter2-correct-horse')
    expect(r.text('pw=hunter2-correct-horse and again hunter2-correct-horse')).toBe(
      'pw=[redacted:alice-password] and again [redacted:alice-password]',
    )
  })

  it('replaces the URL-encoded form of a known secret', () => {
    const secret = 'p@ss w0rd/+?'
    const r = withSecret(secret)
    expect(r.text(`GET /login?password=${encodeURIComponent(secret)}`)).toBe(
      'GET /login?password=[redacted:alice-password]',
    )
  })

  it('replaces the base64 form of a known secret', () => {
    const secret = 'correct-horse-battery'
    const r = withSecret(secret)
    expect(r.text(`payload ${Buffer.from(secret).toString('base64')} end`)).toBe(
      'payload [redacted:alice-password] end',
    )
  })

  it('replaces the longer of two overlapping secrets first, so no fragment of it survives', () => {
    const r = new Redactor()
    r.addSecret('token', 'short')
    r.addSecret('token-with-more-entropy', 'long')
    expect(r.text('x token-with-more-entropy y token')).toBe('x [redacted:long] y [redacted:short]')
  })

  it('does not register values shorter than four characters, which would shred ordinary text', () => {
    const r = withSecret('abc')
    expect(r.text('abc abcdef')).toBe('abc abcdef')
  })

  it('removes a JWT it was never told about', () => {
    expect(new Redactor().text(`{"token":"${JWT}"}`)).toBe('{"token":"[redacted:jwt]"}')
  })

  it('removes the credential after Bearer and Basic', () => {
    const r = new Redactor()
    expect(r.text('Authorization: Bearer abcdef0123456789._~+/=')).toBe('Authorization: Bearer [redacted]')
    expect(r.text('Authorization: Basic YWxpY2U6aHVudGVyMg==')).toBe('Authorization: Basic [redacted]')
  })

  it('leaves ordinary text alone', () => {
    expect(new Redactor().text('GET https://app.acme.test/ → 200 (141 bytes)')).toBe(
      'GET https://app.acme.test/ → 200 (141 bytes)',
    )
  })

  // Bug: addSecret registers encodeURIComponent's form only; a form body (application/x-www-form-urlencoded,
  // as auth/session.ts sends) writes spaces as "+" and encodes "!", so a page echoing it leaks the password.
  // Fix: in addSecret also register `new URLSearchParams({ v: value }).toString().slice(2)`.
  it('replaces the form-encoded form of a known secret (space as +)', () => {
    const secret = 'open sesame!'
    const r = withSecret(secret)
    const body = new URLSearchParams({ password: secret }).toString()
    expect(r.text(body)).toBe('password=[redacted:alice-password]')
  })
})

describe('Redactor.url', () => {
  it('redacts secret query parameters and keeps the others', () => {
    const out = new Redactor().url('https://app.acme.test/cb?code=abc123&state=xyz&access_token=t0k3n&page=2')
    const url = new URL(out)
    expect(url.searchParams.get('code')).toBe('redacted')
    expect(url.searchParams.get('access_token')).toBe('redacted')
    expect(url.searchParams.get('state')).toBe('xyz')
    expect(url.searchParams.get('page')).toBe('2')
  })

  it('matches secret parameter names case-insensitively', () => {
    const url = new URL(new Redactor().url('https://app.acme.test/?API_KEY=k&Password=p&SessionId=s'))
    expect([
      url.searchParams.get('API_KEY'),
      url.searchParams.get('Password'),
      url.searchParams.get('SessionId'),
    ]).toEqual(['redacted', 'redacted', 'redacted'])
  })

  it('redacts the password of userinfo', () => {
    expect(new Redactor().url('https://alice:hunter2@app.acme.test/')).toBe(
      'https://alice:redacted@app.acme.test/',
    )
  })

  it('still removes known secrets from text that is not a URL', () => {
    expect(withSecret('hunter2-correct-horse').url('not a url hunter2-correct-horse')).toBe(
      'not a url [redacted:alice-password]',
    )
  })
})

describe('Redactor.headers', () => {
  it('drops the value of Authorization, Proxy-Authorization and API-key headers', () => {
    const out = new Redactor().headers({
      Authorization: 'Bearer abc',
      'Proxy-Authorization': 'Basic Zm9vOmJhcg==',
      'X-API-Key': 'k-123',
      'X-CSRF-Token': 'c',
    })
    expect(out).toEqual({
      authorization: '[redacted]',
      'proxy-authorization': '[redacted]',
      'x-api-key': '[redacted]',
      'x-csrf-token': '[redacted]',
    })
  })

  it('keeps cookie names and drops their values', () => {
    expect(new Redactor().headers({ cookie: 'sid=abc123; theme=dark' })).toEqual({
      cookie: 'sid=[redacted]; theme=[redacted]',
    })
  })

  it('keeps Set-Cookie attributes as evidence and drops the value, one line per cookie', () => {
    const out = new Redactor().headers({
      'set-cookie': [
        'sid=abc123; Path=/; Secure; HttpOnly; SameSite=Lax',
        'csrf=xyz; Expires=Wed, 21 Oct 2026 07:28:00 GMT',
      ],
    })
    expect(out['set-cookie']).toBe(
      'sid=[redacted]; Path=/; Secure; HttpOnly; SameSite=Lax\ncsrf=[redacted]; Expires=Wed, 21 Oct 2026 07:28:00 GMT',
    )
  })

  it('redacts secret parameters in Location', () => {
    const out = new Redactor().headers({
      location: 'https://app.acme.test/welcome?token=abc123&next=%2Fhome',
    })
    expect(new URL(out.location!).searchParams.get('token')).toBe('redacted')
    expect(new URL(out.location!).searchParams.get('next')).toBe('/home')
  })

  it('removes known secrets and token shapes from other headers, lower-cases names and skips undefined ones', () => {
    const out = withSecret('hunter2-correct-horse').headers({
      'X-Debug': 'user=alice pw=hunter2-correct-horse',
      'X-Trace': `jwt ${JWT}`,
      'Content-Length': 12,
      'X-Missing': undefined,
    })
    expect(out).toEqual({
      'x-debug': 'user=alice pw=[redacted:alice-password]',
      'x-trace': 'jwt [redacted:jwt]',
      'content-length': '12',
    })
  })
})

describe('redactSetCookie', () => {
  it('keeps a cookie without attributes as name=[redacted]', () => {
    expect(redactSetCookie('sid=abc')).toBe('sid=[redacted]')
  })
})

describe('mask', () => {
  it('hides short values entirely', () => {
    expect(mask('abcd1234')).toBe('********')
  })

  it('keeps four leading and two trailing characters of a long value, never its length', () => {
    expect(mask('sk_live_0123456789abcdef0123456789')).toBe('sk_l************89')
  })
})
