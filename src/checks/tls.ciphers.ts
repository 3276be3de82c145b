// tls.ciphers: no weak key or signature below the root, no RC4/3DES/export/NULL/anonymous suite, forward secrecy.
import type { Evidence } from '../core/types'
import type { CertificateFacts, TlsFacts } from '../network/network'
import type { SuiteSupport, VersionSupport } from '../probes/tls'
import { handshakeOf, suitesOf, versionsOf } from '../probes/tls'
import { observationError } from './check'
import { defineCheck, withFacts, type FindingOf, type OutcomeFacts } from './define'
import { roleOf, tlsSubject } from './support/certs'
import { CHECK } from './codes'

/** Digests no CA may sign with any more (CA/Browser Forum Baseline Requirements §7.1.3). */
const WEAK_DIGESTS = new Set(['md2', 'md4', 'md5', 'sha1'])

/** Why a key is too small, or undefined: RSA and DSA under 2048 bits, EC under 256. */
export function weakKey(cert: CertificateFacts): string | undefined {
  if (cert.keyBits === undefined) return undefined
  const type = cert.keyType ?? ''
  if ((type === 'rsa' || type === 'rsa-pss' || type === 'dsa') && cert.keyBits < 2048)
    return `${type.toUpperCase()} ${cert.keyBits} bits (under 2048)`
  if (type === 'ec' && cert.keyBits < 256) return `EC ${cert.keyBits} bits (under 256)`
  return undefined
}

const WEAK_FAMILIES = ['rc4', '3des', 'export', 'null', 'anonymous'] as const
const FAMILY_NAMES: Record<(typeof WEAK_FAMILIES)[number], string> = {
  rc4: 'RC4',
  '3des': '3DES',
  export: 'export',
  null: 'NULL (no encryption)',
  anonymous: 'anonymous (no authentication)',
}

/** The certificates that must be strong: all but a self-signed root, whose own signature nobody checks. */
function belowRoot(chain: readonly CertificateFacts[]): CertificateFacts[] {
  return chain.filter((c, i) => i === 0 || !c.selfSigned)
}

/** The tls.ciphers finding for one host from its handshake facts and the suites it accepted. */
export function judgeCiphers(
  host: string,
  facts: TlsFacts,
  suites: SuiteSupport,
  versions: VersionSupport | undefined,
  keys: { handshake: string; suites: string },
): FindingOf<'tls.ciphers'> {
  const subject = tlsSubject(host)
  const evidence: Evidence[] = facts.chain.map((c, i) => ({
    label: `${roleOf(facts.chain, i)} certificate`,
    value: `${c.subject || '(empty subject)'}; ${c.keyType ?? '?'} ${c.keyBits ?? '?'} bits; signed ${c.signatureAlgorithm ?? 'unknown'}`,
    observation: keys.handshake,
  }))
  for (const family of [...WEAK_FAMILIES, 'forward-secrecy'] as const) {
    const v = suites[family]
    evidence.push({
      label: `${family === 'forward-secrecy' ? 'forward secrecy' : FAMILY_NAMES[family]} suites (TLS 1.2)`,
      value:
        v.accepted === null
          ? `not determined (${v.code ?? 'error'})`
          : v.accepted
            ? `accepted: ${v.suite ?? '?'}`
            : `refused (${v.answer})`,
      observation: keys.suites,
    })
  }
  evidence.push({
    label: 'negotiated by default',
    value: `${facts.protocol ?? '?'} ${facts.cipher}`,
    observation: keys.handshake,
  })

  const problems: OutcomeFacts<'tls.ciphers', 'also'>[] = []
  const signed = belowRoot(facts.chain).flatMap((c) => {
    const i = facts.chain.indexOf(c)
    return c.signatureHash && WEAK_DIGESTS.has(c.signatureHash)
      ? [`${roleOf(facts.chain, i)} signed with ${c.signatureAlgorithm ?? c.signatureHash}`]
      : []
  })
  if (signed.length > 0) problems.push({ outcome: 'weak-signature', facts: { which: signed.join('; ') } })
  const small = belowRoot(facts.chain).flatMap((c) => {
    const why = weakKey(c)
    return why ? [`${roleOf(facts.chain, facts.chain.indexOf(c))} key ${why}`] : []
  })
  if (small.length > 0) problems.push({ outcome: 'weak-key', facts: { which: small.join('; ') } })
  const weak = WEAK_FAMILIES.filter((f) => suites[f].accepted === true)
  if (weak.length > 0)
    problems.push({
      outcome: 'weak-suites',
      facts: { suites: weak.map((f) => `${FAMILY_NAMES[f]} (${suites[f].suite ?? '?'})`).join(', ') },
    })
  const tls13 = versions?.['tls1.3'].accepted === true
  const fs = suites['forward-secrecy']
  if (!tls13 && fs.accepted === false) problems.push({ outcome: 'no-forward-secrecy', facts: {} })

  const undetermined = [...WEAK_FAMILIES].filter((f) => suites[f].accepted === null)
  if (problems.length === 0 && (undetermined.length > 0 || (!tls13 && fs.accepted === null))) {
    const first = undetermined[0] ?? 'forward-secrecy'
    return {
      subject,
      outcome: 'error',
      code: suites[first].code ?? CHECK.NOT_DETERMINED,
      facts: { reason: `could not tell whether ${first} suites are accepted` },
      evidence,
    }
  }
  if (problems.length === 0)
    return {
      subject,
      outcome: 'strong',
      facts: { forwardSecrecy: tls13 ? 'TLS 1.3' : (fs.suite ?? 'ECDHE/DHE suites') },
      evidence,
    }
  const [worst, ...others] = problems
  return {
    subject,
    ...withFacts(worst!, {
      also: others.length > 0 ? ` Also: ${others.map((p) => p.outcome.replace(/-/g, ' ')).join(', ')}.` : '',
    }),
    evidence,
  }
}

/** tls.ciphers: Strong keys, signatures and suites. */
export const ciphers = defineCheck({
  id: 'tls.ciphers',
  version: 1,
  stage: 4,
  mode: 'passive',
  outcomes: ['strong', 'weak-signature', 'weak-key', 'weak-suites', 'no-forward-secrecy'],
  needs: (e) => e.hosts.flatMap((h) => [handshakeOf(h), suitesOf(h), versionsOf(h)]),
  evaluate(observations, { engagement }) {
    return engagement.hosts.map((host): FindingOf<'tls.ciphers'> => {
      const subject = tlsSubject(host)
      const handshake = observations.get<TlsFacts>(handshakeOf(host))
      if (!handshake?.data) return observationError(subject, handshake)
      const suites = observations.get<SuiteSupport>(suitesOf(host))
      if (!suites?.data) return observationError(subject, suites)
      const versions = observations.get<VersionSupport>(versionsOf(host))
      return judgeCiphers(host, handshake.data, suites.data, versions?.data, {
        handshake: handshake.key,
        suites: suites.key,
      })
    })
  },
})
