// Probes do the I/O and return plain observations; checks never touch the network.
import type { Result } from '../core/result'
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
  run(params: P, ctx: ProbeContext): Promise<Result<D>>
}

/** A check's request for one observation; equal keys are probed once per run. */
export interface ProbeRequest {
  kind: string
  key: string
  subject: string
  params: Record<string, unknown>
}

/** Builds a request whose key is the kind plus its subject, so identical requests share one probe. */
export function request(kind: string, subject: string, params: Record<string, unknown>): ProbeRequest {
  return { kind, key: `${kind}:${subject}`, subject, params }
}
