// authz.demo-isolation: the demo account's answers — its own pages and the objects of real clients it asked for —
// must carry none of a real client's object data.
import { accessOf, surfaceOf } from '../probes/identity'
import {
  accessObservations,
  carriesDataOf,
  customerObjects,
  demoKnown,
  exchangeEvidence,
} from './support/access'
import { defineCheck, type FindingOf } from './define'
import { roleOf } from './support/roles'
import { credentialError, credentialGap } from './support/credentials'
import { notConfigured } from './support/declared'

/** authz.demo-isolation: the demo account reaches no real customer data. */
export const authzDemoIsolation = defineCheck({
  id: 'authz.demo-isolation',
  version: 1,
  stage: 2,
  mode: 'active',
  family: 'authz',
  outcomes: ['isolated', 'reaches-customer-data'],
  needs: (e) => (e.accounts.some((a) => a.role === 'demo') ? [surfaceOf(e), accessOf(e)] : []),
  evaluate(observations, { engagement }): FindingOf<'authz.demo-isolation'>[] {
    const demos = engagement.accounts.filter((a) => a.role === 'demo')
    if (demos.length === 0) return [notConfigured('demo', 'No account has role "demo" in handover.json.')]
    const found = accessObservations(observations, engagement, 'demo')
    if (Array.isArray(found)) return found
    const { surface, access } = found
    const own = surface.data.own
    // Real customer data: the objects of accounts that are neither admin nor demo.
    const customers = customerObjects(own, (a) => roleOf(engagement, a))
    const customerAccounts = engagement.accounts
      .filter((a) => a.role !== 'admin' && a.role !== 'demo')
      .map((a) => a.id)
    const findings: FindingOf<'authz.demo-isolation'>[] = []
    for (const demo of demos) {
      // What the demo account may legitimately hold: its own objects.
      const known = demoKnown(demo.id, own)
      const answers = [
        ...own.filter((x) => x.as === demo.id),
        ...access.data.cross.filter((x) => x.as === demo.id),
      ]
      const leaks = new Map<string, FindingOf<'authz.demo-isolation'>>()
      for (const x of answers) {
        if (leaks.has(x.endpoint)) continue
        const ref = customers.find((c) => carriesDataOf(x, c, known))
        if (ref)
          leaks.set(x.endpoint, {
            subject: `${demo.id} ${x.endpoint}`,
            outcome: 'reaches-customer-data',
            facts: { account: demo.id, customer: ref.as, endpoint: x.endpoint },
            evidence: [
              exchangeEvidence(`${ref.as}'s own object`, ref, surface.key),
              exchangeEvidence(`the demo account`, x, x.owner ? access.key : surface.key),
            ],
          })
      }
      // Isolation is shown only when the demo account and the customers could sign in (isNoCredential).
      const gap = credentialGap(surface.data.sessions, [demo.id, ...customerAccounts])
      if (leaks.size) findings.push(...leaks.values())
      else if (gap) findings.push(credentialError(demo.id, gap, surface.key))
      else
        findings.push({
          subject: demo.id,
          outcome: 'isolated',
          facts: { answers: answers.length, customers: new Set(customers.map((c) => c.as)).size },
        })
    }
    return findings
  },
})
