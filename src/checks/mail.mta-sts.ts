// mail.mta-sts: MTA-STS (RFC 8461) is published, served over trusted HTTPS, enforcing and covering every MX host,
// and TLS-RPT (RFC 8460) tells someone when senders cannot deliver over TLS.
import type { Evidence } from '../core/types'
import { isVoidLookup, type MxRecord } from '../mail/dns-source'
import { mxMatches, parseMtaStsPolicy, tlsRptState } from '../mail/mta-sts'
import { DNS, isNotTried } from '../network/codes'
import type { HttpOutcome } from '../network/http'
import {
  describeLookup,
  mtaStsPolicyOf,
  observeMtaStsDns,
  replayLookups,
  type MtaStsDnsObservation,
  type MtaStsLookups,
} from '../probes/mail'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { noMailDomain } from './support/apex'

const ONE_DAY = 86_400

/** mail.mta-sts: MTA-STS and TLS reporting. */
export const mailMtaSts = defineCheck({
  id: 'mail.mta-sts',
  version: 1,
  stage: 4,
  mode: 'passive',
  outcomes: ['consistent', 'testing-mode', 'missing', 'inconsistent'],
  needs: (e) => (e.mail ? [mtaStsPolicyOf(e.mail.domain)] : []),
  async evaluate(observations, { engagement }): Promise<FindingOf<'mail.mta-sts'>[]> {
    const domain = engagement.mail?.domain
    if (!domain) return noMailDomain()
    const obs = observations.get<MtaStsLookups>(mtaStsPolicyOf(domain))
    if (!obs?.data) return [observationError(domain, obs)]
    const { dns, unrecorded } = replayLookups(obs.data.queries)
    const seen = await observeMtaStsDns(dns, domain)
    return [judge(seen, obs.data, unrecorded, obs.key)]
  },
})

function judge(
  seen: MtaStsDnsObservation,
  data: MtaStsLookups,
  unrecorded: string[],
  key: string,
): FindingOf<'mail.mta-sts'> {
  const subject = seen.domain
  const at = (label: string, value: string): Evidence => ({ label, value, observation: key })
  const policyBody = servedPolicy(data.policy)
  const evidence: Evidence[] = [
    at(`TXT _mta-sts.${subject}`, describeLookup(seen.sts)),
    at(`GET ${data.policyUrl}`, fetchLine(data.policy, policyBody)),
    at(
      `MX ${subject}`,
      describeLookup(seen.mx, (r: MxRecord) => `${r.preference} ${r.exchange || '.'}`),
    ),
    at(`TXT _smtp._tls.${subject}`, describeLookup(seen.tlsRpt)),
  ]
  const error = (code: string, reason: string): FindingOf<'mail.mta-sts'> => ({
    subject,
    outcome: 'error',
    code,
    facts: { reason },
    evidence,
  })
  if (unrecorded.length > 0)
    return error(DNS.NOT_RECORDED, `the stored run lacks the lookups ${unrecorded.join(', ')}`)
  for (const result of [seen.sts, seen.tlsRpt, seen.mx])
    if (!result.ok && !isVoidLookup(result)) return error(result.error.code, result.error.message)
  const fetchError = data.policy.error
  if (fetchError && isNotTried(fetchError.code)) return error(fetchError.code, fetchError.message)

  const stsRecords = seen.sts.ok ? seen.sts.value.filter((t) => /^v=STSv1[ \t]*(;|$)/.test(t)) : []
  const rpt = tlsRptState(seen.tlsRpt.ok ? seen.tlsRpt.value : [], `_smtp._tls.${subject}`)
  if (stsRecords.length === 0 && policyBody === undefined)
    return {
      subject,
      outcome: 'missing',
      facts: { tlsrpt: rpt.problem ? 'no TLS-RPT either' : 'TLS-RPT is published' },
      evidence,
    }

  const problems: string[] = []
  if (stsRecords.length === 0)
    problems.push(`_mta-sts.${subject} has no v=STSv1 record, so senders never fetch the policy`)
  else if (stsRecords.length > 1)
    problems.push(`_mta-sts.${subject} has ${stsRecords.length} v=STSv1 records, so senders ignore them all`)
  else {
    const id = /(?:^|;)[ \t]*id=([^;]*?)[ \t]*(?:;|$)/.exec(stsRecords[0] ?? '')?.[1]
    if (id === undefined)
      problems.push(`the _mta-sts record has no id=, which senders need to notice policy changes`)
    else if (!/^[A-Za-z0-9]{1,32}$/.test(id)) problems.push(`id=${id} is not 1 to 32 letters and digits`)
  }
  const fetchProblem = policyProblem(data)
  if (fetchProblem) problems.push(fetchProblem)
  const policy = policyBody === undefined ? undefined : parseMtaStsPolicy(policyBody)
  if (policy) problems.push(...policy.problems)
  const hosts = seen.mx.ok ? seen.mx.value.filter((r) => r.exchange !== '').map((r) => r.exchange) : []
  if (hosts.length === 0) problems.push(`${subject} has no MX host for the policy to protect`)
  if (policy && policy.mx.length > 0) {
    const uncovered = hosts.filter((h) => !policy.mx.some((p) => mxMatches(p, h)))
    for (const h of uncovered)
      problems.push(
        `MX host ${h} is not covered by the policy's mx ${policy.mx.join(', ')}, so senders in enforce mode refuse to deliver to it`,
      )
  }
  if (rpt.problem) problems.push(rpt.problem)
  for (const p of problems) evidence.push(at('problem', p))
  const [first] = problems
  if (first)
    return {
      subject,
      outcome: 'inconsistent',
      facts: {
        problem: first,
        more: problems.length > 1 ? ` (${problems.length - 1} more in the evidence)` : '',
      },
      evidence,
    }
  const facts = {
    hosts: hosts.join(', '),
    days: Math.floor((policy?.maxAge ?? 0) / ONE_DAY),
    rua: rpt.rua.join(', '),
  }
  return { subject, outcome: policy?.mode === 'testing' ? 'testing-mode' : 'consistent', facts, evidence }
}

/** The body of a policy the sender would accept from the server (200 over trusted TLS), else undefined. */
function servedPolicy(outcome: HttpOutcome): string | undefined {
  const first = outcome.exchanges[0]
  if (outcome.error || !first || first.status !== 200) return undefined
  return first.body ?? ''
}

/** Why the server's answer would not give a sender the policy, or undefined when it would. */
function policyProblem(data: MtaStsLookups): string | undefined {
  const { policy, policyUrl } = data
  const first = policy.exchanges[0]
  if (policy.error || !first)
    return `the policy at ${policyUrl} could not be fetched (${policy.error?.code ?? 'no answer'})`
  if (first.status >= 300 && first.status < 400)
    return `${policyUrl} redirects (${first.status}), and senders must not follow redirects for the policy`
  if (first.status !== 200) return `${policyUrl} answers ${first.status} instead of the policy`
  if (first.tls && (!first.tls.authorized || first.tls.hostnameError))
    return `the certificate of ${new URL(policyUrl).host} is not trusted (${first.tls.hostnameError ?? first.tls.authorizationError ?? 'untrusted'}), so senders discard the policy`
  const type = (first.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'text/plain')
    return `the policy is served as ${type || 'no content type'} instead of text/plain`
  return undefined
}

function fetchLine(outcome: HttpOutcome, body: string | undefined): string {
  const first = outcome.exchanges[0]
  if (outcome.error && !first) return `${outcome.error.code}: ${outcome.error.message}`
  if (!first) return 'no answer'
  const lines = body === undefined ? '' : `: ${body.split(/\r?\n/).filter(Boolean).join('; ').slice(0, 200)}`
  const location = first.headers.location ? ` → ${first.headers.location}` : ''
  return `${first.status}${location}${lines}`
}
