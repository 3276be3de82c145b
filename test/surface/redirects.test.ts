// surface.redirect-leak: where a Location goes and what rides along, read from the recorded (redacted) header; on
// the demo lab the sign-in page's open redirect that hands over a token is found with the request that showed it,
// the token itself is in no run file, the canary host is never contacted; the fixed lab passes, and its same-host
// sign-in link (a decoy) is asked and not reported.
import { describe, expect, it } from 'vitest'
import type { RedirectFacts } from '../../src/probes/surface-redirects'
import {
  canaryTargets,
  isInternalHost,
  REDIRECT_PARAMS,
  redirectTarget,
  withRedirectParams,
} from '../../src/surface/redirects'
import { labPair, resultLine } from '../helpers/lab'
import { PLANTED_SURFACE } from '../helpers/planted'

describe('reading a redirect', () => {
  it('resolves the Location against the request and names the parameters whose secret was redacted', () => {
    expect(
      redirectTarget('https://app.acme.test/login?next=x', {
        location: '//evil.invalid/landing?token=redacted&lang=en',
      }),
    ).toEqual({
      location: '//evil.invalid/landing?token=redacted&lang=en',
      host: 'evil.invalid',
      carries: ['token'],
    })
    expect(redirectTarget('https://app.acme.test/', { location: '/portal/' })).toEqual({
      location: '/portal/',
      host: 'app.acme.test',
      carries: [],
    })
    expect(
      redirectTarget('https://app.acme.test/', { location: 'https://x.example/s/[redacted:jwt]/go' })
        ?.carries,
    ).toEqual(['path'])
    expect(
      redirectTarget('https://app.acme.test/', { refresh: '0; url=https://y.example/?code=redacted' }),
    ).toEqual({ location: 'https://y.example/?code=redacted', host: 'y.example', carries: ['code'] })
    expect(redirectTarget('https://app.acme.test/', { 'content-type': 'text/html' })).toBeUndefined()
  })

  it('tells internal names and addresses from public ones', () => {
    for (const h of [
      'localhost',
      'backend',
      'api.internal',
      'db.corp',
      '10.0.0.5',
      '172.20.1.1',
      '192.168.1.9',
      '169.254.169.254',
      '[::1]',
      'fd00::1',
      'svc.ns.svc.cluster.local',
    ])
      expect(isInternalHost(h), h).toBe(true)
    for (const h of ['app.acme.test', 'sso.example.com', '8.8.8.8', '172.32.0.1', 'handover-1a2b.invalid'])
      expect(isInternalHost(h), h).toBe(false)
  })

  it('sets every redirect parameter, or only one, to a canary under .invalid in two shapes', () => {
    const [absolute, relative] = canaryTargets('abc123')
    expect(absolute).toEqual({ shape: 'absolute', value: 'https://handover-abc123.invalid/landing' })
    expect(relative).toEqual({ shape: 'protocol-relative', value: '//handover-abc123.invalid/landing' })
    const all = new URL(withRedirectParams('https://app.acme.test', '/login', relative!.value))
    expect([...all.searchParams.keys()]).toEqual([...REDIRECT_PARAMS])
    const one = new URL(withRedirectParams('https://app.acme.test', '/login', relative!.value, 'returnTo'))
    expect([...one.searchParams.entries()]).toEqual([['returnTo', '//handover-abc123.invalid/landing']])
  })
})

describe('redirect leaks on the demo lab', () => {
  const lab = labPair(['surface.redirect-leak'], { timeoutMs: 120_000 })
  const planted = PLANTED_SURFACE.filter((p) => p.fingerprint.startsWith('surface.redirect-leak|'))
  const facts = (run: typeof lab.flawedRun): RedirectFacts =>
    Object.values(run.observations).find((o) => o.kind === 'http.redirects')!.data as RedirectFacts

  it('finds the sign-in page that sends the token to any host ?next= names, and nothing else', () => {
    expect(lab.flawedRun.results.map(resultLine)).toEqual(
      planted.map((p) => `${p.fingerprint}|${p.status}|${p.severity}`),
    )
    const r = lab.flawedRun.results[0]!
    const { canary } = facts(lab.flawedRun)
    // The request that showed it names the one parameter honoured; the Location shows the token, redacted.
    expect(r.evidence[0]!.value).toBe(
      `GET https://app.acme.test/login?next=https%3A%2F%2F${canary}%2Flanding`,
    )
    expect(r.evidence[1]!.value).toContain(`location: https://${canary}/landing?token=redacted`)
    expect(r.summary).toContain(`redirects to ${canary} with the token parameter in the address`)
  })

  it('keeps the token out of every run file and never contacts the canary host', () => {
    const token = lab.flawed.lab.surface.planted.redirectToken
    for (const run of [lab.flawedRun, lab.fixedRun]) {
      const text = JSON.stringify(run)
      expect(text).not.toContain(token)
      const { canary } = facts(run)
      for (const o of Object.values(run.observations))
        for (const line of o.transcript ?? [])
          if (line.kind !== 'http') expect(line.target, line.detail).not.toContain(canary)
    }
    expect(lab.flawed.lab.sentinel.connections + lab.fixed.lab.sentinel.connections).toBe(0)
  })

  it('passes on the fixed lab, whose home page links to a same-host redirect that is asked and not reported', () => {
    expect(lab.fixedRun.results.map((r) => `${r.fingerprint} ${r.status} ${r.outcome}`)).toEqual([
      'surface.redirect-leak|app.acme.test pass no-leak',
    ])
    const link = facts(lab.fixedRun).trials.find((t) => t.ask === 'link')
    expect(link?.path).toBe('/login?next=%2Fportal%2F')
    expect(link?.exchange).toMatchObject({ status: 302, headers: { location: '/portal/' } })
    // Both canary shapes were refused by the repaired sign-in page: it shows its form.
    const login = facts(lab.fixedRun).trials.filter((t) => t.path === '/login' && t.ask !== 'link')
    expect(login.map((t) => `${t.ask} ${t.exchange?.status}`)).toEqual([
      'plain 200',
      'absolute 200',
      'protocol-relative 200',
    ])
  })
})
