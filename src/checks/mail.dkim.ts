// mail.dkim: every declared selector publishes a usable key (RFC 6376 §3.6.1, RFC 8301, RFC 8463); without one,
// the common provider selectors are tried so an undeclared signer is still found.
import type { Evidence } from '../core/types'
import { COMMON_DKIM_SELECTORS, type DkimKeyLookup } from '../mail/dkim'
import { dkimKeysOf, observeDkim, replayLookups, shorten, type DkimLookups } from '../probes/mail'
import { errorFinding, type CheckDefinition, type Finding } from './check'
import { noMailDomain, notRecorded } from './support/apex'

const DNS_FAILURE = /^DNS_/

export const mailDkim: CheckDefinition = {
  id: 'mail.dkim',
  version: 1,
  stage: 4,
  mode: 'passive',
  outcomes: ['valid', 'weak-key', 'too-small', 'revoked', 'testing', 'broken', 'no-key', 'none-found'],
  needs: (e) => (e.mail ? [dkimKeysOf(e.mail.domain, e.mail.dkimSelectors)] : []),
  async evaluate(observations, { engagement }): Promise<Finding[]> {
    const mail = engagement.mail
    if (!mail) return noMailDomain()
    const domain = mail.domain
    const obs = observations.get<DkimLookups>(dkimKeysOf(domain, mail.dkimSelectors))
    if (!obs?.data) return [errorFinding(domain, obs)]
    const { dns, unrecorded } = replayLookups(obs.data.queries)
    const seen = await observeDkim(dns, domain, obs.data.selectors)
    const findings = seen.declared.map((l) => judge(l, obs.key, 'declared'))
    // Discovery reports what it found; a selector that could not be asked is only noted when nothing was found.
    const discovered = seen.discovered ?? []
    const failedCode = (l: DkimKeyLookup): string | undefined =>
      !l.outcome.ok && DNS_FAILURE.test(l.outcome.error.code) ? l.outcome.error.code : undefined
    const found = discovered.filter((l) => failedCode(l) === undefined)
    findings.push(...found.map((l) => judge(l, obs.key, 'discovered')))
    if (seen.declared.length > 0 || found.length > 0) return findings
    const tried = COMMON_DKIM_SELECTORS.length
    const evidence: Evidence[] = [
      {
        label: 'selectors tried',
        value: `${tried} common selectors: ${shorten(COMMON_DKIM_SELECTORS.map((s) => s.selector).join(', '), 160)}`,
        observation: obs.key,
      },
    ]
    const failed = discovered.find((l) => failedCode(l) !== undefined && failedCode(l) !== 'DNS_NOT_RECORDED')
    if (failed && !failed.outcome.ok)
      return [
        {
          subject: domain,
          outcome: 'error',
          code: failed.outcome.error.code,
          facts: { reason: `trying ${failed.name} failed: ${failed.outcome.error.message}` },
          evidence,
        },
      ]
    if (unrecorded.length > 0) return [notRecorded(domain, unrecorded, evidence)]
    findings.push({ subject: domain, outcome: 'none-found', facts: { tried }, evidence })
    return findings
  },
}

/** One selector's outcome; the worst property of the key decides, the others stay in the evidence. */
function judge(lookup: DkimKeyLookup, key: string, how: 'declared' | 'discovered'): Finding {
  const subject = lookup.name
  const at = (label: string, value: string): Evidence => ({ label, value, observation: key })
  const evidence = lookup.records.map((r) => at(`TXT ${lookup.name}`, shortKey(r)))
  if (how === 'discovered') {
    const known = COMMON_DKIM_SELECTORS.find((s) => s.selector === lookup.selector)
    evidence.push(at('found by trying', known ? `${lookup.selector}: ${known.source}` : lookup.selector))
  }
  const facts = { selector: lookup.selector }
  if (!lookup.outcome.ok) {
    const { code, message } = lookup.outcome.error
    if (lookup.records.length === 0) evidence.push(at(`TXT ${lookup.name}`, message))
    if (code === 'DKIM_NO_KEY') return { subject, outcome: 'no-key', facts, evidence }
    if (DNS_FAILURE.test(code))
      return { subject, outcome: 'error', code, facts: { reason: message }, evidence }
    return { subject, outcome: 'broken', facts: { ...facts, problem: message }, evidence }
  }
  const assessed = lookup.outcome.value
  evidence.push(at('key', assessed.message))
  if (assessed.status === 'revoked') return { subject, outcome: 'revoked', facts, evidence }
  if (assessed.status === 'invalid')
    return { subject, outcome: 'broken', facts: { ...facts, problem: assessed.message }, evidence }
  const bits = assessed.keyType === 'rsa' ? (assessed.bits ?? 0) : undefined
  const size = bits === undefined ? 'Ed25519' : `${bits}-bit RSA`
  if (bits !== undefined && bits < 1024)
    return { subject, outcome: 'too-small', facts: { ...facts, bits }, evidence }
  if (assessed.testing) return { subject, outcome: 'testing', facts: { ...facts, size }, evidence }
  if (bits !== undefined && bits < 2048)
    return { subject, outcome: 'weak-key', facts: { ...facts, bits }, evidence }
  return { subject, outcome: 'valid', facts: { ...facts, size }, evidence }
}

/** A key record with the p= value cut to its ends: the full key is in the observation. */
function shortKey(record: string): string {
  return record.replace(
    /(\bp\s*=\s*)([A-Za-z0-9+/=\s]{40,})/,
    (_all, tag: string, value: string) => `${tag}${shorten(value.replace(/\s+/g, ''), 24)}`,
  )
}
