// tls.cert-expiry beyond outcome: the numbers people read in the summary.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { certExpiry } from '../../src/checks/tls.cert-expiry'
import { evaluateFixture, FIXTURE_ROOT, readFixture } from './fixtures'

const dir = path.join(FIXTURE_ROOT, 'tls.cert-expiry')

describe('tls.cert-expiry', () => {
  it('counts the days left until the earliest expiry in the chain', async () => {
    const fixture = readFixture(path.join(dir, 'expires-very-soon.2.json'))
    const { result } = await evaluateFixture(certExpiry, fixture, dir)
    expect(result?.summary).toBe(
      'The intermediate certificate of api.acme.test:443 expires on 2026-12-05, in 6 days.',
    )
  })

  // Bug: daysUntil floors toward minus infinity, so 5 days and 3 seconds after notAfter reads "6 days ago".
  // Fix: in tls.cert-expiry.ts report `Math.floor((now - notAfter) / 86_400_000)` for expired certificates.
  it('says an expired certificate expired 5 days ago, not 6, five days and a few seconds after notAfter', async () => {
    const fixture = readFixture(path.join(dir, 'expired.json'))
    const { result } = await evaluateFixture(certExpiry, fixture, dir)
    expect(result?.summary).toBe(
      'The leaf certificate of help.acme.test:443 expired on 2026-11-24, 5 days ago.',
    )
  })
})
