// monitor.alerting: a clearly marked test alert down every declared route (the Slack-compatible webhook from the
// keychain, the on-call e-mail address) is accepted by its receiver. Active: it sends something a person will see,
// so it runs only with the `alerts` consent.
import { alertProbesOf, type AlertFacts } from '../probes/monitor-alert'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { notConfigured } from './support/declared'

/** monitor.alerting: alerts reach someone. */
export const monitorAlerting = defineCheck({
  id: 'monitor.alerting',
  version: 1,
  stage: 6,
  mode: 'active',
  family: 'alerts',
  outcomes: ['delivered', 'refused', 'no-route'],
  needs: (e) => alertProbesOf(e),
  evaluate(observations, { engagement }): FindingOf<'monitor.alerting'>[] {
    const m = engagement.monitoring
    const routes = alertProbesOf(engagement)
    const findings: FindingOf<'monitor.alerting'>[] = routes.map((req): FindingOf<'monitor.alerting'> => {
      const obs = observations.get<AlertFacts>(req)
      if (!obs?.data) return observationError(req.subject, obs)
      const d = obs.data
      const facts = { channel: d.channel, to: d.to, answer: d.answer }
      const evidence = [
        { label: `${d.marker} by ${d.channel} to ${d.to}`, value: d.answer, observation: obs.key },
      ]
      return { subject: req.subject, outcome: d.accepted ? 'delivered' : 'refused', facts, evidence }
    })
    if (m?.alertEmail && !m.smtp)
      findings.push(
        notConfigured(
          `email ${m.alertEmail}`,
          `No mail server is declared (monitoring.smtp in handover.json), so no test mail was sent to ${m.alertEmail}.`,
        ),
      )
    if (!m?.alertWebhook && !m?.alertEmail)
      findings.push({
        subject: 'monitoring',
        outcome: 'no-route',
        facts: {
          reason: 'Neither monitoring.alertWebhook nor monitoring.alertEmail is declared in handover.json',
        },
      })
    return findings
  },
})
