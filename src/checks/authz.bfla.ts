// authz.bfla: accounts of other roles against the endpoints declared for admins (`roles`); a bypass is their answer
// carrying the admin's data. A 200 "access denied" page or a redirect to sign-in is not one.
import { accessOf, surfaceOf, type AccessFacts, type SurfaceFacts } from '../probes/identity'
import { entitledDataIn, exchangeEvidence, refuses } from './support/access'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { credentialError, credentialGap } from './support/credentials'
import { notConfigured } from './support/declared'

/** authz.bfla: admin functions refused to other roles, proven by content. */
export const authzBfla = defineCheck({
  id: 'authz.bfla',
  version: 1,
  stage: 2,
  mode: 'active',
  family: 'authz',
  outcomes: ['enforced', 'reachable', 'untested'],
  needs: (e) => (e.accounts.length ? [surfaceOf(e), accessOf(e)] : []),
  evaluate(observations, { engagement }): FindingOf<'authz.bfla'>[] {
    const surface = observations.get<SurfaceFacts>(surfaceOf(engagement))
    const access = observations.get<AccessFacts>(accessOf(engagement))
    const restricted = surface?.data?.endpoints.filter((e) => e.roles?.length) ?? []
    if (surface?.data && restricted.length === 0)
      return [
        notConfigured(
          'admin endpoints',
          'No endpoint declares roles (api.endpoints[].roles), so there is no admin function to test.',
        ),
      ]
    if (!surface?.data) return [observationError('admin endpoints', surface)]
    if (!access?.data) return [observationError('admin endpoints', access)]
    const own = surface.data.own
    const routes = (engagement.portal?.routes ?? []).filter((r) => r.roles?.length)
    return restricted.map((ep): FindingOf<'authz.bfla'> => {
      const key = `${ep.method} ${ep.template}`
      const ref = own.find((o) => o.endpoint === key && !refuses(o))
      const tries = access.data!.cross.filter((x) => x.endpoint === key)
      const hiddenIn = routes
        .filter((r) => surface.data!.crawl.some((c) => c.routes[r.path]?.includes(key)))
        .map((r) => r.path)
      for (const x of tries) {
        const leaked = entitledDataIn(x, own)
        if (leaked)
          return {
            subject: key,
            outcome: 'reachable',
            facts: {
              account: x.as,
              roles: ep.roles!.join(', '),
              ui: hiddenIn.length
                ? ` The UI route ${hiddenIn.join(', ')} is only hidden from that role.`
                : '',
            },
            evidence: [
              exchangeEvidence(`${leaked.as}'s answer`, leaked, surface.key),
              exchangeEvidence(`${x.as} (not ${ep.roles!.join('/')})`, x, access.key),
            ],
          }
      }
      const gap = credentialGap(surface.data!.sessions)
      if ((tries.length === 0 || !ref) && !access.data!.stopped && gap)
        return credentialError(key, gap, surface.key)
      if (tries.length === 0 || !ref)
        return {
          subject: key,
          outcome: 'untested',
          facts: {
            reason: !ref
              ? `no account of role ${ep.roles!.join('/')} got an answer to compare with`
              : access.data!.stopped
                ? `the active tests stopped: ${access.data!.stopped}`
                : 'no account of another role could be signed in',
          },
        }
      return {
        subject: key,
        outcome: 'enforced',
        facts: { tries: tries.length, roles: ep.roles!.join(', ') },
        evidence: tries.map((x) => exchangeEvidence(x.as, x, access.key)),
      }
    })
  },
})
