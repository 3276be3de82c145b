// secrets.webhooks: every declared webhook receiver refuses unsigned, wrongly signed and stale deliveries.
import { isNoCredential } from '../keychain/codes'
import { webhookProbesOf, type WebhookProbeFacts } from '../probes/secrets-webhooks'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { CHECK } from './codes'
import { notConfigured } from './support/declared'

const accepted = (status: number | undefined): boolean =>
  status !== undefined && status >= 200 && status < 300

/** secrets.webhooks: Webhooks are verified. */
export const secretsWebhooks = defineCheck({
  id: 'secrets.webhooks',
  version: 1,
  stage: 3,
  mode: 'active',
  family: 'webhooks',
  outcomes: ['rejects-forgeries', 'accepts-unsigned', 'accepts-bad-signature', 'accepts-stale'],
  needs: (e) => webhookProbesOf(e),
  evaluate(observations, { engagement }): FindingOf<'secrets.webhooks'>[] {
    const receivers = webhookProbesOf(engagement)
    if (receivers.length === 0)
      return [
        notConfigured('webhooks', 'No webhook receiver is declared (secrets.webhooks in handover.json).'),
      ]
    return receivers.map((req): FindingOf<'secrets.webhooks'> => {
      const obs = observations.get<WebhookProbeFacts>(req)
      if (!obs?.data) return observationError(req.subject, obs)
      const data = obs.data
      const evidence = data.attempts.map((a) => ({
        label: `${a.case} ${data.style}-style delivery`,
        value: a.error ? `${a.error.code} ${a.error.message}` : `answered ${a.status}`,
        observation: obs.key,
      }))
      const facts = {
        style: data.style,
        statuses: data.attempts.map((a) => `${a.case} ${a.status ?? a.error?.code}`).join(', '),
      }
      const status = (c: string): number | undefined => data.attempts.find((a) => a.case === c)?.status
      if (accepted(status('unsigned')))
        return { subject: req.subject, outcome: 'accepts-unsigned', facts, evidence }
      if (accepted(status('bad-signature')))
        return { subject: req.subject, outcome: 'accepts-bad-signature', facts, evidence }
      if (accepted(status('stale-timestamp')))
        return { subject: req.subject, outcome: 'accepts-stale', facts, evidence }
      if (data.stopped)
        return {
          subject: req.subject,
          outcome: 'error',
          code: CHECK.STOPPED_ON_HARM,
          facts: { reason: `stopped: ${data.stopped}` },
          evidence,
        }
      if (data.attempts.every((a) => a.status === 404 || a.status === 405))
        return {
          subject: req.subject,
          outcome: 'error',
          code: CHECK.RECEIVER_NOT_FOUND,
          facts: {
            reason: `every delivery was answered ${data.attempts.map((a) => a.status).join('/')}: no receiver at this URL`,
          },
          evidence,
        }
      // Refusing every forgery is shown only with the declared secret at hand (the stale delivery signed right).
      if (data.secret && isNoCredential(data.secret.code))
        return {
          subject: req.subject,
          outcome: 'error',
          code: data.secret.code,
          facts: { reason: `the signing secret could not be read: ${data.secret.message}` },
          evidence,
        }
      const stale = data.attempts.find((a) => a.case === 'stale-timestamp')
      return {
        subject: req.subject,
        outcome: 'rejects-forgeries',
        facts: {
          ...facts,
          replay: stale
            ? stale.correctlySigned
              ? ' and a correctly signed delivery an hour old'
              : ' and an hour-old delivery'
            : '',
        },
        evidence,
      }
    })
  },
})
