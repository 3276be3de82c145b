// tls.cert-expiry: the earliest expiry anywhere in the presented chain.
import { handshakeOf } from '../probes/tls'
import { defineCheck } from './define'
import { day, daysUntil, judgeChains, roleOf } from './support/certs'

/** Days under which expiry fails (high) and warns. */
export const FAIL_DAYS = 14
/** Days before expiry from which a certificate warns. */
export const WARN_DAYS = 30

/** tls.cert-expiry: Certificate is far from expiry. */
export const certExpiry = defineCheck({
  id: 'tls.cert-expiry',
  version: 1,
  stage: 4,
  mode: 'passive',
  outcomes: ['ok', 'expires-soon', 'expires-very-soon', 'expired'],
  needs: (e) => e.hosts.map((h) => handshakeOf(h)),
  evaluate(observations, { engagement, now }) {
    return judgeChains(observations, engagement.hosts, (subject, chain, obs) => {
      const ranked = chain
        .map((c, i) => ({ c, i, days: daysUntil(c.notAfter, now) }))
        .sort((a, b) => a.days - b.days)
      const first = ranked[0]!
      const evidence = ranked.map(({ c, i, days }) => ({
        label: `${roleOf(chain, i)} expires`,
        value: `${day(c.notAfter)} (${days} days) — ${c.subject}`,
        observation: obs.key,
      }))
      const outcome =
        first.days < 0
          ? 'expired'
          : first.days <= FAIL_DAYS
            ? 'expires-very-soon'
            : first.days <= WARN_DAYS
              ? 'expires-soon'
              : 'ok'
      return {
        subject,
        outcome,
        // Past expiry, count whole days since (rounding toward the past would add one).
        facts: {
          which: roleOf(chain, first.i),
          notAfter: day(first.c.notAfter),
          days:
            first.days < 0
              ? Math.floor((now.getTime() - Date.parse(first.c.notAfter)) / 86_400_000)
              : first.days,
        },
        evidence,
      }
    })
  },
})
