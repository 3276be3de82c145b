// Every probe kind the runner knows, by name.
import type { ProbeKind } from './probe'
import { httpAuthenticated } from './authenticated'
import { dnsInventory, dnsNameservers, dnsSnapshot } from './dns'
import { httpPage } from './http'
import { IDENTITY_PROBES } from './identity'
import { BEHAVIOUR_PROBES } from './behaviour'
import { FLOWS_PROBES } from './flows'
import { MAIL_PROBES } from './mail'
import { tlsHandshake, tlsSuites, tlsVersions } from './tls'
import { workspaceBaseline } from './workspace'
import { SECRETS_PROBES } from './secrets'
import { MONITOR_PROBES } from './monitor'
import { SURFACE_PROBES } from './surface'
import { INTEGRATION_PROBES } from './integrations'

/** Every probe kind, by kind name. */
export const PROBES: ReadonlyMap<string, ProbeKind<never, unknown>> = new Map(
  [
    tlsHandshake,
    tlsVersions,
    tlsSuites,
    httpPage,
    httpAuthenticated,
    workspaceBaseline,
    dnsInventory,
    dnsNameservers,
    dnsSnapshot,
    ...MAIL_PROBES,
    ...SECRETS_PROBES,
    ...MONITOR_PROBES,
    ...SURFACE_PROBES,
    ...INTEGRATION_PROBES,
    ...IDENTITY_PROBES,
    ...BEHAVIOUR_PROBES,
    ...FLOWS_PROBES,
  ].map((p) => [p.kind, p as ProbeKind<never, unknown>]),
)
