// TLS probes: the default handshake (trust, chain, protocol) and which protocol versions are accepted.
import { z } from 'zod'
import { ok, type Result } from '../core/result'
import type { TlsFacts } from '../network/network'
import { probeLegacyVersion, type LegacyVersion, type VersionVerdict } from '../network/tls-versions'
import { probeSuiteFamily, type SuiteFamily, type SuiteVerdict } from '../network/tls-suites'
import { isoTimeSchema, request } from './probe'
import type { ProbeKind, ProbeRequest, ProbeResult, Same } from './probe'
import { NET } from '../network/codes'

/** A TLS endpoint. */
export interface HostPort {
  host: string
  port: number
}

/** The facts of a normal handshake, as a browser would make it. */
export const tlsHandshake: ProbeKind<HostPort, TlsFacts> = {
  kind: 'tls.handshake',
  subject: ({ host, port }) => `${host}:${port}`,
  async run({ host, port }, ctx): Promise<ProbeResult<TlsFacts>> {
    const conn = await ctx.network.connect(host, port, ctx.rec, { tls: true, deadline: ctx.deadline })
    if (!conn.ok) return conn
    conn.value.socket.destroy()
    return ok(conn.value.tls!)
  },
}

/** Per protocol version: accepted, refused or unknown, and what the server answered. */
export type VersionSupport = Record<
  LegacyVersion | 'tls1.2' | 'tls1.3',
  { accepted: boolean | null; answer: string; code?: string }
>

/** Which of SSL 2, SSL 3, TLS 1.0, 1.1, 1.2 and 1.3 the server agrees to speak. */
export const tlsVersions: ProbeKind<HostPort, VersionSupport> = {
  kind: 'tls.versions',
  subject: ({ host, port }) => `${host}:${port}`,
  async run({ host, port }, ctx): Promise<ProbeResult<VersionSupport>> {
    const legacy: LegacyVersion[] = ['ssl2', 'ssl3', 'tls1.0', 'tls1.1']
    const modern = [
      ['tls1.2', 'TLSv1.2'],
      ['tls1.3', 'TLSv1.3'],
    ] as const
    const settle = (r: Result<VersionVerdict>): VersionSupport[LegacyVersion] =>
      r.ok
        ? { accepted: r.value.accepted, answer: r.value.answer }
        : { accepted: null, answer: 'error', code: r.error.code }
    const [legacyResults, modernResults] = await Promise.all([
      Promise.all(
        legacy.map((v) => probeLegacyVersion(ctx.network, host, port, v, ctx.rec, ctx.deadline).then(settle)),
      ),
      Promise.all(
        modern.map(async ([, name]) => {
          const conn = await ctx.network.connect(host, port, ctx.rec, {
            tls: true,
            deadline: ctx.deadline,
            tlsOptions: { minVersion: name, maxVersion: name },
          })
          if (conn.ok) {
            conn.value.socket.destroy()
            return { accepted: true, answer: 'server-hello' }
          }
          const refused = conn.error.code === NET.TLS_HANDSHAKE || conn.error.code === NET.CONNECTION_RESET
          return refused
            ? { accepted: false, answer: 'alert' }
            : { accepted: null, answer: 'error', code: conn.error.code }
        }),
      ),
    ])
    const support = {} as VersionSupport
    legacy.forEach((v, i) => (support[v] = legacyResults[i]!))
    modern.forEach(([v], i) => (support[v] = modernResults[i]!))
    return ok(support)
  },
}

/** What the server did with each suite family: accepted (and the suite it picked), refused, or undetermined. */
export type SuiteSupport = Record<
  SuiteFamily,
  { accepted: boolean | null; answer: string; suite?: string; code?: string }
>

const FAMILIES: SuiteFamily[] = ['rc4', '3des', 'export', 'null', 'anonymous', 'forward-secrecy']

/** Which suite families (RC4, 3DES, export, NULL, anonymous, forward secrecy) the server agrees to in TLS 1.2. */
export const tlsSuites: ProbeKind<HostPort, SuiteSupport> = {
  kind: 'tls.suites',
  subject: ({ host, port }) => `${host}:${port}`,
  async run({ host, port }, ctx): Promise<ProbeResult<SuiteSupport>> {
    // One hello after another: six short handshakes, without a burst of connections to one host.
    const verdicts: Result<SuiteVerdict>[] = []
    for (const f of FAMILIES)
      verdicts.push(await probeSuiteFamily(ctx.network, host, port, f, ctx.rec, ctx.deadline))
    const support = {} as SuiteSupport
    FAMILIES.forEach((f, i) => {
      const r = verdicts[i]!
      support[f] = r.ok
        ? {
            accepted: r.value.accepted,
            answer: r.value.answer,
            ...(r.value.suite ? { suite: r.value.suite } : {}),
          }
        : { accepted: null, answer: 'error', code: r.error.code }
    })
    return ok(support)
  },
}

/** Request helpers for checks. */
export const handshakeOf = (host: string, port = 443): ProbeRequest =>
  request(tlsHandshake.kind, `${host}:${port}`, { host, port })
/** The request for the protocol-version probe of one endpoint. */
export const versionsOf = (host: string, port = 443): ProbeRequest =>
  request(tlsVersions.kind, `${host}:${port}`, { host, port })
/** The request for the cipher-suite probe of one endpoint. */
export const suitesOf = (host: string, port = 443): ProbeRequest =>
  request(tlsSuites.kind, `${host}:${port}`, { host, port })

const DAY_MS = 86_400_000

const certificate = z
  .strictObject({
    subject: z.string(),
    commonName: z.string().optional(),
    subjectAltNames: z.array(z.string()),
    issuer: z.string(),
    issuerOrganization: z.string().optional(),
    issuerCommonName: z.string().optional(),
    notBefore: isoTimeSchema,
    notAfter: isoTimeSchema,
    serialNumber: z.string().regex(/^[0-9A-F]+$/),
    fingerprint256: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
    selfSigned: z.boolean(),
    isCA: z.boolean(),
    keyType: z.string().optional(),
    keyBits: z.number().int().positive().optional(),
    lifetimeDays: z.number().int(),
    signatureAlgorithm: z.string().optional(),
    signatureHash: z.string().optional(),
  })
  .refine((c) => Math.round((Date.parse(c.notAfter) - Date.parse(c.notBefore)) / DAY_MS) === c.lifetimeDays, {
    error: 'lifetimeDays does not match notBefore/notAfter',
  })

/** Data of `tls.handshake`: the negotiated protocol, trust and the presented chain. */
export const tlsFactsSchema = z.strictObject({
  protocol: z.string().nullable(),
  cipher: z.string(),
  alpn: z.union([z.string(), z.literal(false), z.null()]),
  authorized: z.boolean(),
  authorizationError: z.string().optional(),
  hostnameError: z.string().optional(),
  hostnameCode: z.enum(['NO_SAN', 'NAME_MISMATCH']).optional(),
  reachesTrustedRoot: z.boolean().optional(),
  chain: z.array(certificate),
})

const suiteVerdict = z.strictObject({
  accepted: z.boolean().nullable(),
  answer: z.string(),
  suite: z.string().optional(),
  code: z.string().optional(),
})

/** Data of `tls.suites`: per weak suite family, whether the server agreed to it. */
export const suiteSupportSchema = z.strictObject({
  rc4: suiteVerdict,
  '3des': suiteVerdict,
  export: suiteVerdict,
  null: suiteVerdict,
  anonymous: suiteVerdict,
  'forward-secrecy': suiteVerdict,
})

const versionVerdict = z.strictObject({
  accepted: z.boolean().nullable(),
  answer: z.string(),
  code: z.string().optional(),
})

/** Data of `tls.versions`: per protocol version, whether the server agreed to speak it. */
export const versionSupportSchema = z.strictObject({
  ssl2: versionVerdict,
  ssl3: versionVerdict,
  'tls1.0': versionVerdict,
  'tls1.1': versionVerdict,
  'tls1.2': versionVerdict,
  'tls1.3': versionVerdict,
})

const shapesMatch: [
  Same<z.output<typeof tlsFactsSchema>, TlsFacts>,
  Same<z.output<typeof versionSupportSchema>, VersionSupport>,
  Same<z.output<typeof suiteSupportSchema>, SuiteSupport>,
] = [true, true, true]
void shapesMatch
