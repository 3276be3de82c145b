// tls.auto-renew: short-lived or ACME-issued certificates show renewal is automatic; otherwise it must be recorded.
import { handshakeOf } from '../probes/tls'
import { defineCheck } from './define'
import { issuerName, judgeChains } from './support/certs'

/**
 * Issuers whose certificates come from ACME with automated renewal (by issuer organisation). Sources:
 * Let's Encrypt (letsencrypt.org/certificates), ZeroSSL (zerossl.com/documentation/acme),
 * Google Trust Services (pki.goog, ACME API), Buypass Go SSL (buypass.com ACME).
 */
export const ACME_ISSUERS = [
  "Let's Encrypt",
  'ZeroSSL',
  'Google Trust Services',
  'Google Trust Services LLC',
  'Buypass AS-983163327',
]

/** Lifetimes at or under this many days imply automation (ACME certificates last 90 days or less). */
export const SHORT_LIFETIME_DAYS = 100

/** tls.auto-renew: Certificate renewal is automated. */
export const autoRenew = defineCheck({
  id: 'tls.auto-renew',
  version: 1,
  stage: 4,
  mode: 'passive',
  outcomes: ['acme-issuer', 'short-lived', 'renewal-declared', 'long-lived-manual'],
  needs: (e) => e.hosts.map((h) => handshakeOf(h)),
  evaluate(observations, { engagement }) {
    return judgeChains(observations, engagement.hosts, (subject, [leaf], obs) => {
      const facts = {
        issuer: issuerName(leaf),
        lifetime: leaf.lifetimeDays,
        renewal: engagement.tls?.renewal ?? '',
      }
      const evidence = [
        {
          label: 'leaf certificate',
          value: `issuer ${leaf.issuer}; valid ${leaf.lifetimeDays} days`,
          observation: obs.key,
        },
      ]
      const outcome = ACME_ISSUERS.includes(leaf.issuerOrganization ?? '')
        ? 'acme-issuer'
        : leaf.lifetimeDays <= SHORT_LIFETIME_DAYS
          ? 'short-lived'
          : engagement.tls?.renewal
            ? 'renewal-declared'
            : 'long-lived-manual'
      return { subject, outcome, facts, evidence }
    })
  },
})
