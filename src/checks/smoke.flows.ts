// smoke.flows (active, consent flows): one result per declarative flow of flows.scripts. A flow whose every step's
// action and expectation held passes; the first step that did not fails it, with the page it ended on and what that
// page showed; a flow stopped for a reason of the run (harm, the budget, a write outside its declared safe objects)
// is an error with that reason, never a pass.
import { flowScriptsOf, type FlowRun, type FlowsFacts } from '../probes/flows-scripts'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { CHECK } from './codes'
import { notConfigured, needsIfDeclared } from './support/declared'

const evidenceOf = (flow: FlowRun, key: string): { label: string; value: string; observation: string }[] =>
  flow.steps.map((s) => ({
    label: `step ${s.n}: ${s.action}${s.expected ? ` — expect ${s.expected}` : ''}`,
    value: `${s.ok ? 'held' : `failed: ${s.problem ?? ''}`} · at ${s.url ?? '(no page)'}${s.status !== undefined ? ` (HTTP ${s.status})` : ''}${s.shown ? ` · shows "${s.shown}"` : ''}`,
    observation: key,
  }))

/** smoke.flows: every declared flow runs to its end with every expectation met. */
export const smokeFlows = defineCheck({
  id: 'smoke.flows',
  version: 1,
  stage: 5,
  mode: 'active',
  family: 'flows',
  outcomes: ['completed', 'step-failed'],
  needs: needsIfDeclared(flowScriptsOf),
  evaluate(observations, { engagement }): FindingOf<'smoke.flows'>[] {
    const req = flowScriptsOf(engagement)
    if (!req)
      return [
        notConfigured(
          'flows',
          'flows.scripts (the portal’s flows, each step an action and an expectation) is empty in handover.json.',
        ),
      ]
    const obs = observations.get<FlowsFacts>(req)
    const scripts = engagement.flows?.scripts ?? []
    if (!obs?.data) return scripts.map((s) => observationError(s.name, obs))
    const data = obs.data
    return scripts.map((script): FindingOf<'smoke.flows'> => {
      const flow = data.flows.find((f) => f.name === script.name)
      if (!flow) return observationError(script.name, undefined)
      const evidence = evidenceOf(flow, obs.key)
      if (flow.ended === 'passed')
        return { subject: flow.name, outcome: 'completed', facts: { steps: flow.steps.length }, evidence }
      const failed = flow.steps.find((s) => !s.ok)
      if (flow.ended === 'failed' && failed)
        return {
          subject: flow.name,
          outcome: 'step-failed',
          facts: {
            step: failed.n,
            action: failed.action,
            problem: failed.problem ?? 'it did not complete',
            url: failed.url ?? '(no page)',
            status: failed.status !== undefined ? ` (HTTP ${failed.status})` : '',
          },
          evidence,
        }
      return {
        subject: flow.name,
        outcome: 'error',
        code: flow.code ?? CHECK.FLOWS_STOPPED,
        facts: { reason: flow.why ?? 'the flow was stopped' },
        evidence,
      }
    })
  },
})
