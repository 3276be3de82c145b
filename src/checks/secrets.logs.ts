// secrets.logs: supplied logs and build output hold no token, password or secret, nor personal data the policy forbids.
import { logScanOf, type LogScanFacts } from '../probes/secrets-logs'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { findingEvidence } from './support/secrets'
import { notConfigured, needsIfDeclared } from './support/declared'

/** secrets.logs: Logs and build output hold no secrets. */
export const secretsLogs = defineCheck({
  id: 'secrets.logs',
  version: 1,
  stage: 3,
  mode: 'passive',
  outcomes: ['clean', 'secrets-in-logs', 'sensitive-fields'],
  needs: needsIfDeclared(logScanOf),
  evaluate(observations, { engagement }): FindingOf<'secrets.logs'>[] {
    const req = logScanOf(engagement)
    if (!req) return [notConfigured('logs', 'No log or build-output file is listed in sources.logs.')]
    const obs = observations.get<LogScanFacts>(req)
    if (!obs?.data) return [observationError('logs', obs)]
    const policy = { emails: false, cardNumbers: true, ...engagement.secrets?.logPolicy }
    return obs.data.files.map((f): FindingOf<'secrets.logs'> => {
      const subject = `log:${f.file}`
      if (f.error)
        return { subject, outcome: 'error', code: f.error.code, facts: { reason: f.error.message } }
      const secrets = f.findings.filter((x) => x.exposure === 'secret')
      const fields = [
        ...(policy.emails && f.emails.count > 0 ? [{ what: 'e-mail addresses', s: f.emails }] : []),
        ...(policy.cardNumbers && f.cards.count > 0 ? [{ what: 'card numbers', s: f.cards }] : []),
      ]
      const evidence = [
        ...secrets.map((x) => findingEvidence(x, f.file, obs.key)),
        ...fields.map(({ what, s }) => ({
          label: `${what} in clear`,
          value: `${s.count} (e.g. ${s.masked.join(', ')}) on lines ${s.lines.join(', ')}`,
          observation: obs.key,
        })),
      ]
      const kinds = [...new Set(secrets.map((x) => `${x.provider} ${x.title}`))]
      if (secrets.length > 0)
        return {
          subject,
          outcome: 'secrets-in-logs',
          facts: {
            count: secrets.length,
            kinds: kinds.join(', '),
            lines: [...new Set(secrets.map((x) => x.line))].join(', '),
          },
          evidence,
        }
      if (fields.length > 0)
        return {
          subject,
          outcome: 'sensitive-fields',
          facts: { fields: fields.map((x) => `${x.s.count} ${x.what}`).join(' and ') },
          evidence,
        }
      return { subject, outcome: 'clean', facts: { lines: f.lines } }
    })
  },
})
