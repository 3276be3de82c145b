// Every probe kind the runner knows, by name.
import type { ProbeKind } from './probe'
import { httpAuthenticated } from './authenticated'
import { httpPage } from './http'
import { tlsHandshake, tlsVersions } from './tls'
import { workspaceBaseline } from './workspace'

export const PROBES: ReadonlyMap<string, ProbeKind<never, unknown>> = new Map(
  [tlsHandshake, tlsVersions, httpPage, httpAuthenticated, workspaceBaseline].map((p) => [
    p.kind,
    p as ProbeKind<never, unknown>,
  ]),
)
