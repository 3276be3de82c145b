// Probes do the I/O and return plain observations; checks never touch the network.
import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { Result } from '../core/result'
import type { ProbeCode } from './codes'
import type { Engagement } from '../engagement/load'
import type { Network, Recorder } from '../network/network'
import type { CredentialStore } from '../keychain/keychain'
import type { SessionCache } from '../auth/sessions'

/** What a probe may use: the network layer, the engagement, its own recorder and deadline. */
export interface ProbeContext {
  network: Network
  engagement: Engagement
  rec: Recorder
  deadline: number
  credentials: CredentialStore
  /** Signed-in sessions of the engagement's accounts, opened on first use. */
  sessions: SessionCache
  /** The workspace folder, for probes that read local files (baseline, sources). */
  workspace: string
}

/** A kind of probe, e.g. `tls.handshake`; `params` fully determine what it observes. */
export interface ProbeKind<P extends object = Record<string, unknown>, D = unknown> {
  kind: string
  subject(params: P): string
  /** How long the probe may run, when longer than one request's `network.timeouts.totalMs` (a sampler). */
  timeLimitMs?(params: P, engagement: Engagement): number
  /**
   * Runs alone, after every other probe of the run: a measurement (a latency sample) that the CPU and sockets of
   * probes running beside it in this process would distort.
   */
  exclusive?: boolean
  run(params: P, ctx: ProbeContext): Promise<ProbeResult<D>>
}

/** What a probe returns: its data, or an error whose code is one of the registries' (src/probes/codes.ts). */
export type ProbeResult<D> = Result<D, ProbeCode>

/** A check's request for one observation; equal keys are probed once per run. */
export interface ProbeRequest {
  kind: string
  /** `kind:subject#params-digest`: two requests share a probe only when kind, subject and params all agree. */
  key: string
  subject: string
  params: Record<string, unknown>
}

/** JSON with object keys sorted, so equal params give equal text whatever order they were written in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  return JSON.stringify(value) ?? 'null'
}

/** The key of a request: readable kind and subject, plus a digest of the params that tells differing requests apart. */
export function probeKey(kind: string, subject: string, params: Record<string, unknown>): string {
  const digest = createHash('sha256').update(canonicalJson(params)).digest('hex').slice(0, 8)
  return `${kind}:${subject}#${digest}`
}

/** The key runs stored before keys covered the params (and hand-written fixtures) use: `kind:subject`. */
export function legacyProbeKey(req: Pick<ProbeRequest, 'kind' | 'subject'>): string {
  return `${req.kind}:${req.subject}`
}

/** Builds a request; identical requests (same kind, subject and params) share one probe. */
export function request(kind: string, subject: string, params: Record<string, unknown>): ProbeRequest {
  return { kind, key: probeKey(kind, subject, params), subject, params }
}

/** The request maker of a probe of the whole engagement: its subject and its one param are the engagement's name. */
export const engagementRequest =
  (kind: string) =>
  (e: Engagement): ProbeRequest =>
    request(kind, e.name, { engagement: e.name })

/**
 * A code as a run stores it: shaped like one, typed as the union `C` of the layer that wrote it (a code a later
 * version added is kept as it is stored).
 */
export const codeAs = <C extends string>() =>
  z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/)
    .transform((code) => code as C)

/** A stored failure of one layer: its code and one sentence. */
export const problemAs = <C extends string>() =>
  z.strictObject({ code: codeAs<C>(), message: z.string().min(1) })

/** A probe's expected failure as stored in a run: a stable code and one sentence. */
export const probeErrorSchema = problemAs<ProbeCode>()

/** A timestamp as probes write it (`toISOString()`). */
export const isoTimeSchema = z.iso.datetime({ offset: true })

/** True when A and B are the same type: the compile-time guard that a data schema and its probe's type agree. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
