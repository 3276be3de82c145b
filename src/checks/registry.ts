// The one registry of implemented checks; a check that is not implemented is absent, not a placeholder.
import type { Stage } from '../core/types'
import type { CheckDefinition } from './check'
import { httpsForced } from './tls.https-forced'
import { certValid } from './tls.cert-valid'
import { certExpiry } from './tls.cert-expiry'
import { autoRenew } from './tls.auto-renew'
import { protocols } from './tls.protocols'
import { ciphers } from './tls.ciphers'
import { hsts } from './tls.hsts'
import { canonicalHost } from './dns.canonical-host'
import { caa } from './dns.caa'
import { dangling } from './dns.dangling'
import { nsConsistency } from './dns.ns-consistency'
import { resolves } from './dns.resolves'
import { stale } from './dns.stale'
import { MANUAL_CHECKS } from './manual'
import { mailMx } from './mail.mx'
import { mailSpf } from './mail.spf'
import { mailDkim } from './mail.dkim'
import { mailDmarc } from './mail.dmarc'
import { mailMtaSts } from './mail.mta-sts'
import { baseline } from './handover.baseline'
import { SECRETS_CHECKS } from './secrets'
import { IDENTITY_CHECKS } from './identity'
import { BEHAVIOUR_CHECKS } from './behaviour'
import { FLOWS_CHECKS } from './flows'
import { MONITOR_CHECKS } from './monitor'
import { SURFACE_CHECKS } from './surface'
import { configDrift } from './edge.config-drift'
import { coverage } from './monitor.coverage'
import { access } from './handover.access'

/** Every implemented check, in the order the report lists them. */
export const CHECKS: readonly CheckDefinition[] = [
  canonicalHost,
  resolves,
  dangling,
  stale,
  nsConsistency,
  caa,
  httpsForced,
  certValid,
  certExpiry,
  autoRenew,
  protocols,
  ciphers,
  hsts,
  mailMx,
  mailSpf,
  mailDkim,
  mailDmarc,
  mailMtaSts,
  ...SECRETS_CHECKS,
  ...IDENTITY_CHECKS,
  ...BEHAVIOUR_CHECKS,
  ...FLOWS_CHECKS,
  ...MONITOR_CHECKS,
  ...SURFACE_CHECKS,
  ...MANUAL_CHECKS,
  configDrift,
  coverage,
  access,
  baseline,
].sort((a, b) => a.stage - b.stage || a.id.localeCompare(b.id))

const BY_ID = new Map(CHECKS.map((c) => [c.id, c]))

/** The check with this id, if it is implemented. */
export function checkById(id: string): CheckDefinition | undefined {
  return BY_ID.get(id)
}

/** Checks picked by `--stage` and `--check`; unknown ids are reported by the caller. */
export function selectChecks(selection: {
  stages?: readonly Stage[]
  checks?: readonly string[]
}): CheckDefinition[] {
  return CHECKS.filter(
    (c) =>
      (!selection.stages?.length || selection.stages.includes(c.stage)) &&
      (!selection.checks?.length || selection.checks.includes(c.id)),
  )
}
