// Sessions for every account: API logins (token at a dotted path, session cookie after a CSRF token and a
// redirect chain), the login form driven in Chromium, basic and static credentials — against the demo lab and
// small servers on port 0; the credential is read at the moment of use and no secret reaches a transcript.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeSession, cookieLifetime, csrfTokenIn, openSession } from '../../src/auth/session'
import { SessionCache } from '../../src/auth/sessions'
import { parseEngagement, type Engagement } from '../../src/engagement/load'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { fetchUrl } from '../../src/network/http'
import { networkFor, Recorder, type Network } from '../../src/network/network'
import { haveTools } from '../helpers/tools'
import { startTestLab, type TestLab } from '../helpers/lab'
import { AUTH } from '../../src/auth/codes'

async function engagementOf(t: TestLab, change: (e: Record<string, unknown>) => void): Promise<Engagement> {
  const raw = t.lab.engagement()
  change(raw)
  const parsed = await parseEngagement(JSON.stringify(raw), path.join(t.lab.workspace, 'handover.json'))
  if (!parsed.ok) throw new Error(parsed.error.message)
  return parsed.value
}

function transcriptText(rec: Recorder): string {
  return JSON.stringify(rec.entries)
}

async function me(network: Network, headers: Record<string, string>): Promise<string | undefined> {
  const out = await fetchUrl(
    network,
    { url: 'https://api.acme.test/api/me', headers, keepBody: 4096 },
    new Recorder(network.redactor),
  )
  return out.exchanges.at(-1)?.status === 200 ? out.exchanges.at(-1)?.body : undefined
}

describe('sessions on the demo lab', () => {
  let flawed: TestLab
  let fixed: TestLab
  beforeAll(async () => {
    ;[flawed, fixed] = await Promise.all([startTestLab('flawed'), startTestLab('fixed')])
  })
  afterAll(async () => {
    await Promise.all([flawed?.stop(), fixed?.stop()])
  })

  it('signs in every account through the API and reads the token at its dotted path', async () => {
    const engagement = await engagementOf(flawed, () => undefined)
    const network = networkFor(engagement)
    const store = new MemoryCredentials(flawed.lab.credentials())
    const cache = new SessionCache(network, engagement, store)
    const rec = new Recorder(network.redactor)
    const all = await cache.all(rec)
    expect(all.map((s) => s.account)).toEqual(['alice', 'bob', 'root', 'demo'])
    for (const { account, session } of all) {
      expect(session.ok, account).toBe(true)
      if (!session.ok) continue
      expect(session.value.headers.authorization).toMatch(/^Bearer /)
      expect(await me(network, session.value.headers)).toContain(`"id":"${account}"`)
      // The flawed portal states no lifetime for its tokens.
      expect(session.value.lifetime).toEqual({ source: 'none' })
    }
    // One sign-in per account, however often it is asked for.
    const again = await cache.get('alice', rec)
    expect(again).toBe(all[0]!.session)
    const text = transcriptText(rec)
    for (const secret of [
      ...flawed.lab.accounts.accounts.map((a) => a.password),
      ...flawed.lab.accounts.issuedTokens(),
    ])
      expect(text).not.toContain(secret)
  })

  it('reads the repaired portal’s expires_in as the session lifetime', async () => {
    const engagement = await engagementOf(fixed, () => undefined)
    const network = networkFor(engagement)
    const session = await openSession(
      network,
      engagement,
      'bob',
      new MemoryCredentials(fixed.lab.credentials()),
      new Recorder(network.redactor),
    )
    expect(session.ok && session.value.lifetime).toEqual({
      source: 'expires-in',
      seconds: 3600,
      from: 'expires_in',
    })
  })

  it('signs in with a form POST after reading the CSRF token from the login page, following the redirect for the cookie', async () => {
    for (const t of [flawed, fixed]) {
      const engagement = await engagementOf(t, (e) => {
        e.auth = {
          kind: 'api',
          login: {
            url: 'https://app.acme.test/login',
            form: { email: '{username}', password: '{password}', csrf: '{csrf}' },
            csrf: { field: 'csrf' },
            successPrefix: 'https://app.acme.test/portal/',
          },
          carry: 'cookie',
        }
      })
      const network = networkFor(engagement)
      const rec = new Recorder(network.redactor)
      const session = await openSession(
        network,
        engagement,
        'alice',
        new MemoryCredentials(t.lab.credentials()),
        rec,
      )
      if (!session.ok) throw new Error(session.error.message)
      expect(session.value.headers.cookie).toMatch(/acme_session=/)
      expect(await me(network, session.value.headers)).toContain('"id":"alice"')
      expect(session.value.lifetime).toEqual(
        t === fixed
          ? { source: 'cookie-max-age', seconds: 3600, from: 'acme_session' }
          : { source: 'none', from: 'acme_session' },
      )
      // The redirect to the portal was followed with the jar.
      expect(session.value.exchanges?.map((x) => x.status)).toEqual([200, 302, 200])
      const text = transcriptText(rec) + JSON.stringify(session.value.exchanges)
      for (const secret of [
        ...t.lab.accounts.accounts.map((a) => a.password),
        ...t.lab.accounts.issuedTokens(),
      ])
        expect(text).not.toContain(secret)
    }
  })

  it('says which field is missing when the login page has no CSRF token of that name', async () => {
    const engagement = await engagementOf(flawed, (e) => {
      e.auth = {
        kind: 'api',
        login: { url: 'https://app.acme.test/login', form: { email: '{username}' }, csrf: { field: 'xsrf' } },
        carry: 'cookie',
      }
    })
    const network = networkFor(engagement)
    const s = await openSession(
      network,
      engagement,
      'alice',
      new MemoryCredentials(flawed.lab.credentials()),
      new Recorder(network.redactor),
    )
    expect(s.ok).toBe(false)
    if (!s.ok) {
      expect(s.error.code).toBe(AUTH.NO_CSRF)
      expect(s.error.message).toMatch(/auth\.login\.csrf\.field "xsrf"/)
    }
  })

  it('refuses a wrong password with one sentence naming the keychain entry, never the password', async () => {
    const engagement = await engagementOf(flawed, () => undefined)
    const network = networkFor(engagement)
    const s = await openSession(
      network,
      engagement,
      'bob',
      new MemoryCredentials({ ...flawed.lab.credentials(), 'acme-bob': 'not-the-password' }),
      new Recorder(network.redactor),
    )
    expect(s.ok).toBe(false)
    if (!s.ok) {
      expect(s.error.code).toBe(AUTH.REJECTED)
      expect(s.error.message).toMatch(/keychain:acme-bob/)
      expect(s.error.message).not.toContain('not-the-password')
    }
  })

  it('signs out: the repaired portal ends the session, the flawed one does not', async () => {
    for (const [t, after] of [
      [flawed, true],
      [fixed, false],
    ] as const) {
      const engagement = await engagementOf(t, () => undefined)
      const network = networkFor(engagement)
      const rec = new Recorder(network.redactor)
      const s = await new SessionCache(network, engagement, new MemoryCredentials(t.lab.credentials())).fresh(
        'alice',
        rec,
      )
      if (!s.ok) throw new Error(s.error.message)
      const out = await closeSession(network, engagement, s.value, rec)
      expect(out.ok && out.value?.status).toBe(204)
      expect((await me(network, s.value.headers)) !== undefined).toBe(after)
    }
  })

  it.skipIf(!haveTools('form login in Chromium', 'chromium'))(
    'drives the login form in Chromium and carries its session cookie',
    async () => {
      const engagement = await engagementOf(fixed, (e) => {
        e.auth = {
          kind: 'form',
          login: {
            url: 'https://app.acme.test/login',
            selectors: { username: '#email', password: '#password', submit: '#signin' },
            successPrefix: 'https://app.acme.test/portal/',
          },
          carry: 'cookie',
        }
      })
      const network = networkFor(engagement)
      const rec = new Recorder(network.redactor)
      const s = await openSession(
        network,
        engagement,
        'root',
        new MemoryCredentials(fixed.lab.credentials()),
        rec,
      )
      if (!s.ok) throw new Error(s.error.message)
      expect(await me(network, s.value.headers)).toContain('"role":"admin"')
      expect(s.value.lifetime?.source).toBe('cookie-expires')
      expect(s.value.lifetime?.seconds).toBeGreaterThan(3500)
      const text = transcriptText(rec)
      for (const secret of [
        ...fixed.lab.accounts.accounts.map((a) => a.password),
        ...fixed.lab.accounts.issuedTokens(),
      ])
        expect(text).not.toContain(secret)
      // A wrong password never reaches the success page: a clear refusal, not a hang.
      const bad = await openSession(
        network,
        { ...engagement, net: { ...engagement.net, totalMs: 4000 } },
        'bob',
        new MemoryCredentials({ ...fixed.lab.credentials(), 'acme-bob': 'wrong-password-here' }),
        rec,
      )
      expect(bad.ok).toBe(false)
      if (!bad.ok) expect(bad.error.code).toBe(AUTH.REJECTED)
    },
  )
})

describe('sessions on other portal shapes (servers on port 0)', () => {
  let server: http.Server
  let port = 0
  const token = 'nested-token-0123456789abcdef'
  const cookie = 'sso-cookie-abcdef0123456789'
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        const url = req.url ?? '/'
        if (req.method === 'POST' && url === '/auth') {
          const ok = body.includes('"password":"pw-nested-1"')
          res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
          return res.end(
            JSON.stringify(ok ? { data: { session: { access_token: token, expires_in: 900 } } } : {}),
          )
        }
        if (req.method === 'POST' && url === '/sso') {
          res.writeHead(302, { location: '/callback?code=one-time-code-123' })
          return res.end()
        }
        if (url === '/callback?code=one-time-code-123') {
          res.writeHead(303, {
            location: '/home',
            'set-cookie': `sid=${cookie}; Path=/; HttpOnly; Max-Age=1800`,
          })
          return res.end()
        }
        if (url === '/home') {
          const ok = req.headers.cookie === `sid=${cookie}`
          res.writeHead(ok ? 200 : 401, { 'content-type': 'text/html' })
          return res.end(ok ? '<p>Welcome</p>' : 'no')
        }
        if (url === '/me') {
          const ok = req.headers.authorization === `Bearer ${token}` || req.headers.cookie === `sid=${cookie}`
          res.writeHead(ok ? 200 : 401)
          return res.end(ok ? 'you' : 'no')
        }
        res.writeHead(404)
        res.end()
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  async function engagement(
    auth: Record<string, unknown>,
    accounts: Record<string, unknown>[],
  ): Promise<Engagement> {
    const parsed = await parseEngagement(
      JSON.stringify({
        schema: 'handover.engagement/1',
        name: 'shapes',
        portal: { url: 'http://sso.shapes.test/' },
        accounts,
        auth,
        scope: { allow: ['*.shapes.test'] },
        network: { connectTo: [`sso.shapes.test:80:127.0.0.1:${port}`] },
      }),
      '/tmp/handover.json',
    )
    if (!parsed.ok) throw new Error(parsed.error.message)
    return parsed.value
  }

  it('finds a bearer token inside a nested JSON object and its expires_in', async () => {
    const e = await engagement(
      {
        kind: 'api',
        login: {
          url: 'http://sso.shapes.test/auth',
          json: { user: '{username}', password: '{password}' },
          token: 'data.session.access_token',
        },
      },
      [{ id: 'u', role: 'client', username: 'u@shapes.test', password: 'keychain:u' }],
    )
    const network = networkFor(e)
    const rec = new Recorder(network.redactor)
    const s = await openSession(network, e, 'u', new MemoryCredentials({ u: 'pw-nested-1' }), rec)
    if (!s.ok) throw new Error(s.error.message)
    expect(s.value.headers.authorization).toBe(`Bearer ${token}`)
    expect(s.value.lifetime).toEqual({ source: 'expires-in', seconds: 900, from: 'expires_in' })
    expect(transcriptText(rec)).not.toContain(token)
    expect(transcriptText(rec)).not.toContain('pw-nested-1')
  })

  it('follows a redirect-based login to the hop that sets the session cookie', async () => {
    const e = await engagement(
      {
        kind: 'api',
        login: {
          url: 'http://sso.shapes.test/sso',
          form: { u: '{username}', p: '{password}' },
          successPrefix: 'http://sso.shapes.test/home',
        },
        carry: 'cookie',
      },
      [{ id: 'u', role: 'client', username: 'u@shapes.test', password: 'keychain:u' }],
    )
    const network = networkFor(e)
    const rec = new Recorder(network.redactor)
    const s = await openSession(network, e, 'u', new MemoryCredentials({ u: 'pw-sso-22' }), rec)
    if (!s.ok) throw new Error(s.error.message)
    expect(s.value.headers.cookie).toBe(`sid=${cookie}`)
    expect(s.value.lifetime).toEqual({ source: 'cookie-max-age', seconds: 1800, from: 'sid' })
    expect(s.value.exchanges?.map((x) => x.status)).toEqual([302, 303, 200])
    const text = transcriptText(rec) + JSON.stringify(s.value.exchanges)
    for (const secret of [cookie, 'pw-sso-22', 'one-time-code-123']) expect(text).not.toContain(secret)
  })

  it('builds basic and static sessions from the keychain', async () => {
    const basic = await engagement({ kind: 'basic' }, [
      { id: 'u', role: 'client', username: 'u@shapes.test', password: 'keychain:u' },
    ])
    const n1 = networkFor(basic)
    const b = await openSession(
      n1,
      basic,
      'u',
      new MemoryCredentials({ u: 'pw-basic-3' }),
      new Recorder(n1.redactor),
    )
    expect(b.ok && b.value.headers.authorization).toBe(
      `Basic ${Buffer.from('u@shapes.test:pw-basic-3').toString('base64')}`,
    )
    expect(n1.redactor.text(Buffer.from('u@shapes.test:pw-basic-3').toString('base64'))).not.toContain(
      'cHctYmFzaWMtMw',
    )
    const fixedToken = await engagement({ kind: 'static', carry: 'bearer' }, [
      { id: 'u', role: 'client', username: 'u', token: 'keychain:u-token' },
    ])
    const n2 = networkFor(fixedToken)
    const st = await openSession(
      n2,
      fixedToken,
      'u',
      new MemoryCredentials({ 'u-token': token }),
      new Recorder(n2.redactor),
    )
    expect(st.ok && st.value.headers.authorization).toBe(`Bearer ${token}`)
    expect(n2.redactor.text(`x ${token} y`)).not.toContain(token)
  })

  it('parses helpers: CSRF in input or meta, cookie lifetimes', () => {
    expect(csrfTokenIn('<input type="hidden" value="abc123" name="csrf">', 'csrf')).toBe('abc123')
    expect(csrfTokenIn("<meta name='csrf-token' content='m-1'>", 'csrf-token')).toBe('m-1')
    expect(csrfTokenIn('<input name="other" value="x">', 'csrf')).toBeUndefined()
    expect(cookieLifetime(['a=1; Max-Age=60', 'b=2; Max-Age=120'])).toEqual({
      source: 'cookie-max-age',
      seconds: 120,
      from: 'b',
    })
    expect(cookieLifetime(['a=1; Path=/'])).toEqual({ source: 'none', from: 'a' })
  })
})
