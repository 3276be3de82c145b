// authz.bola: account B asks for account A's objects (ids harvested from A's own answers); a bypass is B's answer
// carrying A's object data beyond anything B's own answers hold. The caller's own object for any id, a redirect
// to sign-in or a 200 "forbidden" page is not a bypass.
import { accessOf, surfaceOf } from '../probes/identity'
import { accessObservations, exchangeEvidence, ownersDataIn } from './support/access'
import { defineCheck, type FindingOf } from './define'
import { roleOf } from './support/roles'
import { credentialError, credentialGap } from './support/credentials'
import { notConfigured } from './support/declared'

/** authz.bola: one account never gets another account’s objects. */
export const authzBola = defineCheck({
  id: 'authz.bola',
  version: 1,
  stage: 2,
  mode: 'active',
  family: 'authz',
  outcomes: ['enforced', 'bypass', 'untested'],
  needs: (e) => (e.accounts.length ? [surfaceOf(e), accessOf(e)] : []),
  evaluate(observations, { engagement }): FindingOf<'authz.bola'>[] {
    const clients = engagement.accounts.filter((a) => a.role !== 'admin' && a.role !== 'demo')
    if (clients.length < 2)
      return [
        notConfigured(
          'objects',
          'At least two non-admin, non-demo accounts are needed (handover.json accounts).',
        ),
      ]
    const found = accessObservations(observations, engagement, 'objects')
    if (Array.isArray(found)) return found
    const { surface, access } = found
    const own = surface.data.own
    const objectEndpoints = surface.data.endpoints.filter(
      (e) => e.method === 'GET' && e.template.includes('{id}') && !e.roles,
    )
    return objectEndpoints.map((ep): FindingOf<'authz.bola'> => {
      const key = `${ep.method} ${ep.template}`
      const tries = access.data.cross.filter(
        (x) =>
          x.endpoint === key &&
          x.owner &&
          roleOf(engagement, x.as) !== 'demo' &&
          roleOf(engagement, x.as) !== 'admin',
      )
      for (const x of tries) {
        const ref = ownersDataIn(x, own)
        if (ref)
          return {
            subject: key,
            outcome: 'bypass',
            facts: { reader: x.as, owner: x.owner!, id: x.id ?? '' },
            evidence: [
              exchangeEvidence(`${x.owner}'s own answer`, ref, surface.key),
              exchangeEvidence(`${x.as} asking for ${x.owner}'s object`, x, access.key),
            ],
          }
      }
      const gap = credentialGap(
        surface.data.sessions,
        clients.map((a) => a.id),
      )
      if (tries.length === 0 && !access.data.stopped && gap) return credentialError(key, gap, surface.key)
      if (tries.length === 0)
        return {
          subject: key,
          outcome: 'untested',
          facts: {
            reason: access.data.stopped
              ? `the active tests stopped: ${access.data.stopped}`
              : 'no two accounts had objects of their own here to swap',
          },
        }
      return {
        subject: key,
        outcome: 'enforced',
        facts: { tries: tries.length },
        evidence: tries
          .slice(0, 3)
          .map((x) => exchangeEvidence(`${x.as} asking for ${x.owner}'s object`, x, access.key)),
      }
    })
  },
})
