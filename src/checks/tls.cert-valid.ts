// tls.cert-valid: a trusted, complete chain whose leaf covers the host and is within its dates.
import type { Evidence } from '../core/types'
import type { TlsFacts } from '../network/network'
import { handshakeOf } from '../probes/tls'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { day, issuerName, namesOf, roleOf, tlsSubject } from './support/certs'

// Date problems are judged from the certificates themselves and the name from the SANs, so
// they are not counted twice as trust errors (Node reports a name mismatch as ERR_TLS_CERT_ALTNAME_INVALID).
const NOT_TRUST_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID'])

/** Digests browsers refuse in a certificate signature below the root. */
const REFUSED_DIGESTS = new Set(['md2', 'md4', 'md5', 'sha1'])

/** The tls.cert-valid finding for one host from its handshake facts. */
export function judgeCertificate(
  host: string,
  facts: TlsFacts,
  now: Date,
  key: string,
): FindingOf<'tls.cert-valid'> {
  const leaf = facts.chain[0]
  const evidence: Evidence[] = facts.chain.map((c, i) => ({
    label: `${roleOf(facts.chain, i)} certificate`,
    value: `${c.subject}; issuer ${c.issuer}; ${day(c.notBefore)} – ${day(c.notAfter)}; SHA-256 ${c.fingerprint256.slice(0, 23)}…`,
    observation: key,
  }))
  if (facts.authorizationError)
    evidence.push({ label: 'verification', value: facts.authorizationError, observation: key })
  if (facts.hostnameError) evidence.push({ label: 'host name', value: facts.hostnameError, observation: key })
  if (!leaf)
    return {
      subject: tlsSubject(host),
      outcome: 'untrusted',
      facts: { reason: 'no certificate presented', issuer: 'none' },
      evidence,
    }
  const base = {
    names: namesOf(leaf),
    issuer: issuerName(leaf),
    notAfter: day(leaf.notAfter),
    notBefore: day(leaf.notBefore),
    host,
  }
  const subject = tlsSubject(host)
  const expiredAt = facts.chain.findIndex((c) => new Date(c.notAfter) < now)
  if (expiredAt >= 0) {
    const c = facts.chain[expiredAt]!
    return {
      subject,
      outcome: 'expired',
      facts: { ...base, which: roleOf(facts.chain, expiredAt), notAfter: day(c.notAfter) },
      evidence,
    }
  }
  const earlyAt = facts.chain.findIndex((c) => new Date(c.notBefore) > now)
  if (earlyAt >= 0) {
    const c = facts.chain[earlyAt]!
    return {
      subject,
      outcome: 'not-yet-valid',
      facts: { ...base, which: roleOf(facts.chain, earlyAt), notBefore: day(c.notBefore) },
      evidence,
    }
  }
  const trustError =
    !facts.authorized && facts.authorizationError && !NOT_TRUST_ERRORS.has(facts.authorizationError)
      ? facts.authorizationError
      : undefined
  if (trustError && facts.reachesTrustedRoot) {
    // The chain reaches a trusted root: what was refused is a digest or a key size, not the issuer.
    const weak = facts.chain.findIndex(
      (c, i) =>
        (i === 0 || !c.selfSigned) && c.signatureHash !== undefined && REFUSED_DIGESTS.has(c.signatureHash),
    )
    if (weak >= 0) {
      const c = facts.chain[weak]!
      return {
        subject,
        outcome: 'weak-signature',
        facts: {
          ...base,
          which: roleOf(facts.chain, weak),
          algorithm: c.signatureAlgorithm ?? c.signatureHash!,
        },
        evidence,
      }
    }
  } else if (trustError) {
    const incomplete =
      trustError === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' && facts.chain.length === 1 && !leaf.selfSigned
    return {
      subject,
      outcome: incomplete ? 'incomplete-chain' : 'untrusted',
      facts: { ...base, reason: trustError },
      evidence,
    }
  }
  if (facts.hostnameCode === 'NO_SAN')
    return {
      subject,
      outcome: 'no-subject-alt-name',
      facts: { ...base, names: leaf.commonName ?? 'none' },
      evidence,
    }
  if (facts.hostnameError) return { subject, outcome: 'hostname-mismatch', facts: base, evidence }
  return { subject, outcome: 'valid', facts: base, evidence }
}

/** tls.cert-valid: Certificate is valid. */
export const certValid = defineCheck({
  id: 'tls.cert-valid',
  // 2: names are matched against SANs only; a sound chain refused for its digest is weak-signature, not untrusted.
  version: 2,
  stage: 4,
  mode: 'passive',
  outcomes: [
    'valid',
    'expired',
    'not-yet-valid',
    'untrusted',
    'incomplete-chain',
    'weak-signature',
    'hostname-mismatch',
    'no-subject-alt-name',
  ],
  needs: (e) => e.hosts.map((h) => handshakeOf(h)),
  evaluate(observations, { engagement, now }) {
    return engagement.hosts.map((host) => {
      const obs = observations.get<TlsFacts>(handshakeOf(host))
      if (!obs?.data) return observationError(tlsSubject(host), obs)
      return judgeCertificate(host, obs.data, now, obs.key)
    })
  },
})
