// tls.protocols: SSL 2/3 and TLS 1.0/1.1 must be refused.
import type { VersionSupport } from '../probes/tls'
import { versionsOf } from '../probes/tls'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { tlsSubject } from './support/certs'
import { CHECK } from './codes'

const LABELS: Record<keyof VersionSupport, string> = {
  ssl2: 'SSL 2.0',
  ssl3: 'SSL 3.0',
  'tls1.0': 'TLS 1.0',
  'tls1.1': 'TLS 1.1',
  'tls1.2': 'TLS 1.2',
  'tls1.3': 'TLS 1.3',
}

/** tls.protocols: Only modern TLS versions. */
export const protocols = defineCheck({
  id: 'tls.protocols',
  version: 1,
  stage: 4,
  mode: 'passive',
  outcomes: ['modern-only', 'legacy-accepted', 'ssl-accepted'],
  needs: (e) => e.hosts.map((h) => versionsOf(h)),
  evaluate(observations, { engagement }) {
    return engagement.hosts.map((host): FindingOf<'tls.protocols'> => {
      const subject = tlsSubject(host)
      const obs = observations.get<VersionSupport>(versionsOf(host))
      const v = obs?.data
      if (!obs || !v) return observationError(subject, obs)
      const versions = Object.keys(LABELS) as (keyof VersionSupport)[]
      const evidence = versions.map((k) => ({
        label: LABELS[k],
        value:
          v[k].accepted === null
            ? `not determined (${v[k].code ?? 'error'})`
            : v[k].accepted
              ? 'accepted'
              : `refused (${v[k].answer})`,
        observation: obs.key,
      }))
      const accepted = versions.filter((k) => v[k].accepted === true)
      const ssl = accepted.filter((k) => k === 'ssl2' || k === 'ssl3')
      const legacy = accepted.filter((k) => k === 'tls1.0' || k === 'tls1.1')
      if (ssl.length > 0)
        return {
          subject,
          outcome: 'ssl-accepted',
          facts: { legacy: [...ssl, ...legacy].map((k) => LABELS[k]).join(', ') },
          evidence,
        }
      if (legacy.length > 0)
        return {
          subject,
          outcome: 'legacy-accepted',
          facts: { legacy: legacy.map((k) => LABELS[k]).join(' and ') },
          evidence,
        }
      const undetermined = versions.filter((k) => v[k].accepted === null && k !== 'tls1.2' && k !== 'tls1.3')
      if (undetermined.length > 0 || accepted.length === 0) {
        const code = v[undetermined[0] ?? 'tls1.2'].code ?? CHECK.NO_PROTOCOL
        return {
          subject,
          outcome: 'error',
          code,
          facts: {
            reason:
              accepted.length === 0
                ? 'no protocol version could be negotiated'
                : `could not tell whether ${undetermined.map((k) => LABELS[k]).join(', ')} is accepted`,
          },
          evidence,
        }
      }
      return {
        subject,
        outcome: 'modern-only',
        facts: { accepted: accepted.map((k) => LABELS[k]).join(' and ') },
        evidence,
      }
    })
  },
})
