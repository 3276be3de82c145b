// tls.hsts: Strict-Transport-Security with max-age of at least a year on the host's HTTPS answer, over a certificate
// browsers accept: they ignore the header on a connection with certificate errors (RFC 6797 §8.1), so a strong header
// over an untrusted certificate protects nothing and fails, as in the Mozilla Observatory.
import type { HttpOutcome } from '../network/http'
import { pageOf } from '../probes/http'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { ONE_YEAR, parseHsts } from './support/hsts'

/** tls.hsts: HSTS is on for a year. */
export const hsts = defineCheck({
  id: 'tls.hsts',
  // 2: a strong header over a certificate browsers refuse is untrusted-certificate, no longer strong.
  version: 2,
  stage: 4,
  mode: 'passive',
  outcomes: ['strong', 'short-max-age', 'missing', 'invalid', 'untrusted-certificate'],
  needs: (e) => e.hosts.map((h) => pageOf(`https://${h}/`)),
  evaluate(observations, { engagement }) {
    return engagement.hosts.map((host): FindingOf<'tls.hsts'> => {
      const obs = observations.get<HttpOutcome>(pageOf(`https://${host}/`))
      const first = obs?.data?.exchanges[0]
      if (!obs?.data || !first)
        return observationError(host, obs?.data?.error ? { ...obs, error: obs.data.error } : obs)
      const header = first.headers['strict-transport-security']
      const evidence = [
        {
          label: `${first.method} ${first.url} → ${first.status}`,
          value: header ? `Strict-Transport-Security: ${header}` : 'no Strict-Transport-Security header',
          observation: obs.key,
        },
      ]
      const untrusted = first.tls !== undefined && !first.tls.authorized
      if (untrusted) {
        evidence.push({
          label: 'note',
          value: 'browsers ignore HSTS sent over a connection with certificate errors',
          observation: obs.key,
        })
      }
      if (!header) return { subject: host, outcome: 'missing', facts: { status: first.status }, evidence }
      // Browsers honour the first header when several are sent.
      const value = header.split(', ')[0] ?? header
      const policy = parseHsts(value)
      if (typeof policy === 'string')
        return { subject: host, outcome: 'invalid', facts: { header: value, reason: policy }, evidence }
      const extras = `${policy.includeSubDomains ? ', includeSubDomains' : ''}${policy.preload ? ', preload' : ''}`
      const facts = { maxAge: policy.maxAge, days: Math.floor(policy.maxAge / 86_400), extras }
      if (policy.maxAge >= ONE_YEAR && untrusted)
        return {
          subject: host,
          outcome: 'untrusted-certificate',
          facts: { ...facts, reason: first.tls?.authorizationError ?? 'the certificate is not trusted' },
          evidence,
        }
      return {
        subject: host,
        outcome: policy.maxAge >= ONE_YEAR ? 'strong' : 'short-max-age',
        facts,
        evidence,
      }
    })
  },
})
