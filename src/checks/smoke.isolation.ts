// smoke.isolation: failing requests to one endpoint must not degrade the health check or unrelated reads. Judged
// by status and content, never by latency: a control that answered a healthy 2xx of one shape in the baseline and
// then answers a 5xx, times out, or answers without that content ("pool exhausted") during or after the burst is
// degraded. Latency appears only as words in the evidence. A control failing already in the baseline is an error.
import type { Evidence } from '../core/types'
import {
  asInBaseline,
  isolationOf,
  isolationTarget,
  notTried,
  type IsolationControl,
  type IsolationFacts,
  type IsolationPhase,
  type IsolationSample,
} from '../probes/behaviour-isolation'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { notSentFinding } from './support/credentials'
import { isTimeout } from '../network/codes'
import { CHECK } from './codes'
import { notConfigured } from './support/declared'

type IsolationFinding = FindingOf<'smoke.isolation'>

/** Characters of an answer quoted in a finding's words. */
const QUOTED = 80

const WHEN: Record<IsolationPhase, string> = {
  baseline: 'before the burst',
  during: 'during the burst',
  after: 'after the burst',
}

const nameOf = (c: IsolationControl): string =>
  `${c.kind === 'health' ? 'the health check' : 'the read'} ${c.url}`

/** What one sample answered, in a few words. */
function answered(s: IsolationSample, reference: IsolationSample | undefined): string {
  if (s.status === undefined)
    return isTimeout(s.code) ? `timed out (${s.code})` : `got no answer (${s.error})`
  const quote = s.answer ? ` ${s.answer.slice(0, QUOTED)}${s.answer.length > QUOTED ? '…' : ''}` : ''
  if (s.status < 200 || s.status >= 300) return `answered ${s.status}${quote}`
  if (s.unhealthy) return `answered ${s.status} but not healthy (${s.unhealthy})${quote}`
  return `answered ${s.status} without its usual content (${s.shape} instead of ${reference?.shape})${quote}`
}

/** Statuses (or network codes) of some samples, counted: `503 ×2, 200 ×1`. */
function tally(keys: readonly string[]): string {
  const counts = new Map<string, number>()
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1)
  return [...counts].map(([k, n]) => `${k} ×${n}`).join(', ')
}

/** The target's answers counted: `500 ×4, 503 ×2`. */
const answersTally = (data: IsolationFacts): string =>
  tally(Object.entries(data.answers).flatMap(([k, n]) => Array<string>(n).fill(k)))

const keyOf = (s: IsolationSample): string =>
  s.status !== undefined ? String(s.status) : (s.code ?? 'no answer')

function median(values: number[]): number | undefined {
  if (!values.length) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor((sorted.length - 1) / 2)]
}

/** Median time of a control's answered samples in a phase, as words; never part of a verdict. */
function latencyWords(c: IsolationControl): string {
  const of = (phase: IsolationPhase): number | undefined =>
    median(c.samples.filter((s) => s.phase === phase && s.ms !== undefined).map((s) => s.ms!))
  const before = of('baseline')
  const during = of('during')
  if (before === undefined || during === undefined) return ''
  const ratio = before > 0 ? ` (×${(during / before).toFixed(1)})` : ''
  return `median ${before} ms before, ${during} ms during${ratio}`
}

/** The evidence of one control: what each phase answered, the first deviation quoted. */
function controlEvidence(c: IsolationControl, observation: string): Evidence {
  const reference = c.samples.find((s) => s.phase === 'baseline')
  const lines = (['baseline', 'during', 'after'] as const).flatMap((phase) => {
    const taken = c.samples.filter((s) => s.phase === phase && !notTried(s))
    if (!taken.length) return []
    const off = taken.find((s) => !asInBaseline(s, reference))
    const shown = off ?? taken[0]!
    const words = off ? answered(off, reference) : `${shown.shape}${shown.answer ? ` ${shown.answer}` : ''}`
    return [`${phase}: ${tally(taken.map(keyOf))} — ${words}${off ? ` (at +${off.at} ms)` : ''}`]
  })
  const latency = latencyWords(c)
  return {
    label: nameOf(c),
    value: [...lines, ...(latency ? [`${latency}; latency is shown, not judged`] : [])].join('\n'),
    observation,
  }
}

function targetEvidence(data: IsolationFacts, observation: string): Evidence {
  return {
    label: `${data.target} as ${data.as}: ${data.sent} of ${data.planned} failing requests sent`,
    value: [
      `answers: ${answersTally(data)}`,
      ...(data.firstAnswer ? [`first: ${data.firstAnswer}`] : []),
      ...(data.burstEnded ? [`ended early: ${data.burstEnded}`] : []),
    ].join('\n'),
    observation,
  }
}

/** True when a target answer (a status or a network code) is a failure: not a 2xx. */
const failing = (key: string): boolean => !/^2\d\d$/.test(key)

const failuresWords = (data: IsolationFacts): string => {
  const n = Object.entries(data.answers)
    .filter(([k]) => failing(k))
    .reduce((sum, [, count]) => sum + count, 0)
  return `${n} failing request${n === 1 ? '' : 's'} (${answersTally(data)})`
}

function judge(data: IsolationFacts, observation: string): IsolationFinding {
  const subject = data.target
  // Nothing sent: no credential to sign in with is an error (isNoCredential), anything else not-configured.
  if (data.skipped) return notSentFinding(subject, data.skipped, data.code)
  const evidence = [
    targetEvidence(data, observation),
    ...data.controls.map((c) => controlEvidence(c, observation)),
  ]
  const stopped = (fallback: string): IsolationFinding => ({
    subject,
    outcome: 'error',
    code: CHECK.STOPPED_ON_HARM,
    facts: { reason: data.stopped ?? fallback },
    evidence,
  })
  // A control that did not answer alike before the burst: nothing to compare with.
  for (const c of data.controls) {
    const baseline = c.samples.filter((s) => s.phase === 'baseline' && !notTried(s))
    const off = baseline.find((s) => !asInBaseline(s, baseline[0]))
    if (off)
      return {
        subject,
        outcome: 'error',
        code: CHECK.BASELINE_FAILING,
        facts: {
          reason: `${nameOf(c)} ${answered(off, baseline[0])} before any failing request was sent, so there is nothing to compare with; repair it or watch another endpoint (isolation.health, isolation.reads)`,
        },
        evidence,
      }
    if (!baseline.length) return stopped('the controls were not sampled before the burst')
  }
  if (data.sent === 0) return stopped('no failing request was sent')
  const degraded = data.controls
    .map((c) => {
      const reference = c.samples.find((s) => s.phase === 'baseline')
      const off = c.samples.filter(
        (s) => s.phase !== 'baseline' && !notTried(s) && !asInBaseline(s, reference),
      )
      return { c, reference, off }
    })
    .filter((d) => d.off.length)
  if (!Object.keys(data.answers).some(failing))
    return {
      subject,
      outcome: 'error',
      code: CHECK.TARGET_NOT_FAILING,
      facts: {
        reason: `every request to the target was answered ${answersTally(data)}: none failed, so this says nothing about failures${degraded.length ? ' (yet a control degraded: see the evidence)' : ''}; set isolation.target.body to a request the endpoint refuses`,
      },
      evidence,
    }
  if (degraded.length) {
    const words = degraded
      .map(({ c, reference, off }) => {
        const phases = (['during', 'after'] as const)
          .map((p) => {
            const n = off.filter((s) => s.phase === p).length
            const of = c.samples.filter((s) => s.phase === p && !notTried(s)).length
            return n ? `${n} of ${of} samples ${WHEN[p]}` : ''
          })
          .filter(Boolean)
          .join(', ')
        return `${nameOf(c)} ${answered(off[0]!, reference)} (${phases})`
      })
      .join('; ')
    const facts = { failures: failuresWords(data), account: data.as, degraded: words }
    const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
    if (data.recoveredAfterMs !== undefined)
      return {
        subject,
        outcome: 'degrades',
        facts: {
          ...facts,
          recovery: `every control answered as before again ${seconds(data.recoveredAfterMs)} after the burst`,
        },
        evidence,
      }
    if (data.stopped)
      return {
        subject,
        outcome: 'degrades',
        facts: { ...facts, recovery: `whether it came back was not watched to the end (${data.stopped})` },
        evidence,
      }
    return {
      subject,
      outcome: 'stays-degraded',
      facts: { ...facts, recovery: `still degraded ${seconds(data.recoveryMs)} after the burst` },
      evidence,
    }
  }
  for (const c of data.controls)
    for (const phase of ['during', 'after'] as const)
      if (!c.samples.some((s) => s.phase === phase && !notTried(s)))
        return stopped(`${nameOf(c)} was not sampled ${WHEN[phase]}`)
  const reads = data.controls.filter((c) => c.kind === 'read').length
  const health = data.controls.some((c) => c.kind === 'health')
  const watched = [
    ...(health ? ['the health check'] : []),
    ...(reads ? [`${reads} unrelated read${reads === 1 ? '' : 's'}`] : []),
  ].join(' and ')
  return {
    subject,
    outcome: 'isolated',
    facts: {
      failures: failuresWords(data),
      account: data.as,
      watched,
    },
    evidence,
  }
}

/** smoke.isolation: failing requests to one endpoint leave the health check and unrelated reads answering. */
export const smokeIsolation = defineCheck({
  id: 'smoke.isolation',
  version: 1,
  stage: 5,
  mode: 'active',
  family: 'input',
  outcomes: ['isolated', 'degrades', 'stays-degraded'],
  needs: (e) => (e.isolation ? [isolationOf(e)] : []),
  evaluate(observations, { engagement }): IsolationFinding[] {
    const target = isolationTarget(engagement)
    if (!target)
      return [
        notConfigured(
          'isolation target',
          'No endpoint to send failing requests to is declared: set isolation.target.url in handover.json.',
        ),
      ]
    const obs = observations.get<IsolationFacts>(isolationOf(engagement))
    if (!obs?.data) return [observationError(target, obs)]
    return [judge(obs.data, obs.key)]
  },
})
