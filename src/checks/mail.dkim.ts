// mail.dkim: every declared selector publishes a usable key (RFC 6376 §3.6.1, RFC 8301, RFC 8463), and every key
// found by trying the common provider selectors is judged the same way, so no forgotten signer goes unseen.
import type { Evidence } from '../core/types'
import { COMMON_DKIM_SELECTORS, type DkimKeyLookup } from '../mail/dkim'
import { dkimKeysOf, observeDkim, replayLookups, shorten, type DkimLookups } from '../probes/mail'
import { DNS, isDnsFailure } from '../network/codes'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { noMailDomain, notRecorded } from './support/apex'
import { DKIM } from '../mail/codes'

/** mail.dkim: DKIM keys sign the portal's mail. */
export const mailDkim = defineCheck({
  id: 'mail.dkim',
  version: 2,
  stage: 4,
  mode: 'passive',
  outcomes: ['valid', 'weak-key', 'too-small', 'revoked', 'testing', 'broken', 'no-key', 'none-found'],
  needs: (e) => (e.mail ? [dkimKeysOf(e.mail.domain, e.mail.dkimSelectors)] : []),
  async evaluate(observations, { engagement }): Promise<FindingOf<'mail.dkim'>[]> {
    const mail = engagement.mail
    if (!mail) return noMailDomain()
    const domain = mail.domain
    const obs = observations.get<DkimLookups>(dkimKeysOf(domain, mail.dkimSelectors))
    if (!obs?.data) return [observationError(domain, obs)]
    const { selectors, queries } = obs.data
    const { dns, unrecorded } = replayLookups(queries)
    const seen = await observeDkim(dns, domain, selectors)
    const findings = seen.declared.map((l) => judge(l, obs.key, 'declared'))
    // Every key found at a common selector is reported on its own: a forgotten weak or testing key signs too.
    const failedCode = (l: DkimKeyLookup): string | undefined =>
      !l.outcome.ok && isDnsFailure(l.outcome.error.code) ? l.outcome.error.code : undefined
    findings.push(
      ...seen.discovered
        .filter((l) => failedCode(l) === undefined)
        .map((l) => judge(l, obs.key, 'discovered')),
    )
    const tried = COMMON_DKIM_SELECTORS.filter((s) => !selectors.includes(s.selector))
    const evidence: Evidence[] = [
      {
        label: 'selectors tried',
        value: `${tried.length} common selectors: ${shorten(tried.map((s) => s.selector).join(', '), 160)}`,
        observation: obs.key,
      },
    ]
    // A common selector that could not be asked may hide a key: say so once for the domain.
    const failed = seen.discovered.filter(
      (l) => failedCode(l) !== undefined && failedCode(l) !== DNS.NOT_RECORDED,
    )
    const first = failed[0]
    if (unrecorded.length > 0) findings.push(notRecorded(domain, unrecorded, evidence))
    else if (first && !first.outcome.ok) {
      const names = failed.map((l) => l.selector).join(', ')
      findings.push({
        subject: domain,
        outcome: 'error',
        code: first.outcome.error.code,
        facts: { reason: `trying the common selectors ${names} failed: ${first.outcome.error.message}` },
        evidence,
      })
    } else if (findings.length === 0)
      findings.push({ subject: domain, outcome: 'none-found', facts: { tried: tried.length }, evidence })
    return findings
  },
})

/** One selector's outcome; the worst property of the key decides, the others stay in the evidence. */
function judge(lookup: DkimKeyLookup, key: string, how: 'declared' | 'discovered'): FindingOf<'mail.dkim'> {
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
    if (code === DKIM.NO_KEY) return { subject, outcome: 'no-key', facts, evidence }
    if (isDnsFailure(code)) return { subject, outcome: 'error', code, facts: { reason: message }, evidence }
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
