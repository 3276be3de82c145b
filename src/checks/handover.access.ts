// handover.access (hybrid): the member lists of the edge provider's accounts and the repository's collaborators,
// read through their APIs, shown for a person to attest least privilege. The tool adds one fact and no verdict of
// its own: an administrator who is not on the engagement's own team list.
import type { Evidence } from '../core/types'
import type { Engagement } from '../engagement/load'
import type { AccessFacts, AccessMember } from '../integrations/types'
import { accessOf } from '../probes/integrations'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { attestationEvidence, attestedFacts, attestedOutcome } from './support/attested'

function onTeam(member: AccessMember, e: Engagement): boolean {
  const who = member.who.toLowerCase()
  return (e.integrations?.team ?? []).some(
    (p) => p.emails.some((m) => m.toLowerCase() === who) || p.github?.toLowerCase() === who,
  )
}

function line(member: AccessMember, listed: boolean | undefined): string {
  return [
    member.roles.join(', ') || 'no role',
    member.twoFactor === false ? 'two-factor authentication off' : '',
    member.status && member.status !== 'accepted' ? `invitation ${member.status}` : '',
    listed === false ? 'not on the team list' : '',
  ]
    .filter(Boolean)
    .join('; ')
}

/** The handover.access check (hybrid). */
export const access = defineCheck({
  id: 'handover.access',
  version: 2,
  stage: 7,
  mode: 'hybrid',
  outcomes: ['awaiting', 'attested-pass', 'attested-fail', 'not-applicable', 'unlisted-admin'],
  needs: (e) => accessOf(e),
  evaluate(observations, { engagement, attestations }): FindingOf<'handover.access'>[] {
    const answer = attestations.filter((a) => a.check === 'handover.access').at(-1)
    const answered = (subject: string, evidence: Evidence[]): FindingOf<'handover.access'> => ({
      subject,
      outcome: attestedOutcome(answer!),
      facts: attestedFacts(answer!),
      evidence: [...attestationEvidence(answer!), ...evidence],
    })
    const requests = accessOf(engagement)
    if (requests.length === 0) {
      // Nothing to read: the person's answer alone, as for any manual check.
      return [
        answer
          ? answered('engagement', [])
          : {
              subject: 'engagement',
              outcome: 'awaiting',
              facts: { lists: 'no provider account is configured' },
            },
      ]
    }
    const team = engagement.integrations?.team ?? []
    const findings: FindingOf<'handover.access'>[] = []
    for (const req of requests) {
      const obs = observations.get<AccessFacts>(req)
      if (!obs?.data) {
        findings.push(observationError(req.subject, obs))
        continue
      }
      for (const list of obs.data.lists) {
        // Administrators first: they are what least privilege is about.
        const members = [...list.members].sort(
          (a, b) => Number(b.admin) - Number(a.admin) || a.who.localeCompare(b.who),
        )
        const listed = (m: AccessMember): boolean | undefined =>
          team.length > 0 ? onTeam(m, engagement) : undefined
        const evidence: Evidence[] = members.map((m) => ({
          label: `${m.who}${m.name ? ` (${m.name})` : ''}`,
          value: line(m, listed(m)),
          observation: obs.key,
        }))
        if (answer) {
          findings.push(answered(list.place, evidence))
          continue
        }
        const unlisted = members.filter((m) => m.admin && listed(m) === false)
        const facts = {
          place: list.place,
          members: members.length,
          admins: members.filter((m) => m.admin).length,
          lists: `${list.place}: ${members.length} members, ${members.filter((m) => m.admin).length} administrators`,
        }
        findings.push(
          unlisted.length > 0
            ? {
                subject: list.place,
                outcome: 'unlisted-admin',
                facts: { ...facts, count: unlisted.length, who: unlisted.map((m) => m.who).join(', ') },
                evidence,
              }
            : { subject: list.place, outcome: 'awaiting', facts, evidence },
        )
      }
    }
    return findings
  },
})
