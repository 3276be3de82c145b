// Reading certificate chains: which certificate is which, and how many days are left.
import type { Observation } from '../../core/types'
import type { CertificateFacts, TlsFacts } from '../../network/network'
import { handshakeOf } from '../../probes/tls'
import { observationError, type ErrorFinding, type Finding, type ObservationSet } from '../check'
import { CHECK } from '../codes'

const DAY = 86_400_000

/**
 * The subject of a check that judges a TLS handshake (certificate, protocols, suites): the endpoint `host:443`.
 * Checks that judge an HTTP answer (tls.hsts, tls.https-forced) name the host alone; the SARIF export strips `:443`.
 */
export function tlsSubject(host: string): string {
  return `${host}:443`
}

/**
 * A handshake that presented no certificate: tls.cert-valid fails it as untrusted (nothing a client could verify);
 * the checks that read a certificate's dates or issuer have nothing to read and give this error (code NO_CERTIFICATE).
 */
function noCertificate(subject: string): {
  subject: string
  outcome: 'error'
  code: typeof CHECK.NO_CERTIFICATE
  facts: { reason: string }
} {
  return {
    subject,
    outcome: 'error',
    code: CHECK.NO_CERTIFICATE,
    facts: { reason: 'the server presented no certificate' },
  }
}

/**
 * One finding per host from the chain its handshake presented, judged by `judge`, for the checks that read a
 * certificate's dates or issuer: the observation's error when it was not made, noCertificate when it holds none.
 */
export function judgeChains<F extends Finding>(
  observations: ObservationSet,
  hosts: readonly string[],
  judge: (
    subject: string,
    chain: readonly [CertificateFacts, ...CertificateFacts[]],
    obs: Observation<TlsFacts>,
  ) => F,
): (F | ErrorFinding | ReturnType<typeof noCertificate>)[] {
  return hosts.map((host) => {
    const subject = tlsSubject(host)
    const obs = observations.get<TlsFacts>(handshakeOf(host))
    if (!obs?.data) return observationError(subject, obs)
    const [leaf, ...rest] = obs.data.chain
    if (!leaf) return noCertificate(subject)
    return judge(subject, [leaf, ...rest], obs)
  })
}

/** `leaf`, `intermediate` or `root`, by position and self-signature. */
export function roleOf(chain: readonly CertificateFacts[], index: number): string {
  if (index === 0) return 'leaf'
  return chain[index]?.selfSigned ? 'root' : 'intermediate'
}

/** Whole days from `now` until `iso` (negative when past). */
export function daysUntil(iso: string, now: Date): number {
  return Math.floor((new Date(iso).getTime() - now.getTime()) / DAY)
}

/** A short display date, e.g. 2026-12-24. */
export const day = (iso: string): string => iso.slice(0, 10)

/** Issuer shown to people: organisation, else common name. */
export function issuerName(cert: CertificateFacts): string {
  return cert.issuerOrganization ?? cert.issuerCommonName ?? cert.issuer
}

/** The names a leaf covers, for display. */
export function namesOf(cert: CertificateFacts): string {
  const dns = cert.subjectAltNames.filter((n) => n.startsWith('DNS:')).map((n) => n.slice(4))
  return dns.length > 0 ? dns.join(', ') : (cert.commonName ?? cert.subject)
}
