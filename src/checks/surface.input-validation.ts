// surface.input-validation: each write endpoint accepts its valid sample, then must refuse a malformed body,
// wrong-typed fields and a megabyte field. Proven by content: a 2xx whose answer carries the variant's marker
// kept the bad input; a 5xx whose answer carries a stack trace crashed. A bare 5xx or a 2xx without the marker
// is only a warning, and a refused control is an error (nothing to compare with).
import type { Evidence } from '../core/types'
import {
  inputOf,
  writeEndpoints,
  type InputEndpoint,
  type InputFacts,
  type InputTry,
} from '../probes/behaviour-input'
import { defineCheck, type FindingOf } from './define'
import { notSentFinding } from './support/credentials'
import { observationError } from './check'
import { CHECK } from './codes'
import { PROBE } from '../probes/codes'
import { notConfigured } from './support/declared'

type InputFinding = FindingOf<'surface.input-validation'>

/** What each bad variant is, in the words of a finding. */
const VARIANT: Record<InputTry['case'], string> = {
  control: 'the valid sample',
  malformed: 'a malformed JSON body',
  'wrong-type': 'the sample with every field of the wrong type',
  oversized: 'the sample with a 1 MiB field',
}

/** A stack trace in an answer: Node/JavaScript, Python, Java/.NET, PHP or Ruby frames. */
const STACK = [
  /^\s+at .+(?:\(.+:\d+:\d+\)|:\d+:\d+)\s*$/m,
  /Traceback \(most recent call last\)/,
  /^\s+at [\w$.<>]+\([\w$]+\.(?:java|kt|scala|cs):\d+\)/m,
  /Stack trace:\s*\n#0 /,
  /^\s*(?:\/|[A-Z]:\\).+\.rb:\d+:in `/m,
]

/** True when the answer shows a stack trace. */
export function hasStackTrace(answer: string | undefined): boolean {
  return answer !== undefined && STACK.some((re) => re.test(answer))
}

/** The evidence line of one try: what was sent and the start of the answer. */
function evidenceOf(t: InputTry, row: InputEndpoint, observation: string): Evidence {
  const answer =
    t.error ??
    `${t.status}${t.contentType ? ` ${t.contentType.split(';')[0]}` : ''}${t.answer ? `\n${t.answer.slice(0, 400)}` : ''}`
  return {
    label: `${VARIANT[t.case]}: ${row.endpoint.split(' ')[0]} ${row.url} as ${row.as}, body ${t.sent}`,
    value: answer,
    observation,
  }
}

/** How bad one variant's answer is: 4 crashed, 3 kept, 2 server error, 1 2xx unproven, 0 refused. */
function rank(t: InputTry): number {
  if (t.status === undefined) return 0
  if (t.status >= 500) return hasStackTrace(t.answer) ? 4 : 2
  if (t.status >= 200 && t.status < 300) return t.echoed ? 3 : 1
  return 0
}

const OUTCOME = ['validates', 'unconfirmed', 'server-error', 'accepts-invalid', 'crashes'] as const

function judge(row: InputEndpoint, observation: string): InputFinding {
  const subject = row.endpoint
  // Nothing sent: no credential to sign in with is an error (isNoCredential), anything else not-configured.
  if (row.skipped) return notSentFinding(subject, row.skipped, row.code)
  const control = row.tries.find((t) => t.case === 'control')
  if (!control || control.error)
    return {
      subject,
      outcome: 'error',
      code: PROBE.NOT_SENT,
      facts: { reason: control?.error ?? 'the valid sample was not sent' },
    }
  if (control.status === undefined || control.status >= 300)
    return {
      subject,
      outcome: 'error',
      code: CHECK.CONTROL_REFUSED,
      facts: {
        reason: `the valid sample of api.endpoints was refused (answered ${control.status}), so bad input cannot be told from it; fix the sample`,
      },
      evidence: [evidenceOf(control, row, observation)],
    }
  const bad = row.tries.filter((t) => t.case !== 'control')
  const worst = [...bad].sort((a, b) => rank(b) - rank(a))[0]
  const unanswered = bad.filter((t) => t.status === undefined)
  if (!worst || (rank(worst) === 0 && (unanswered.length || bad.length < 3)))
    return {
      subject,
      outcome: 'error',
      code: CHECK.NOT_ANSWERED,
      facts: {
        reason: unanswered.length
          ? `no answer to ${unanswered.map((t) => VARIANT[t.case]).join(', ')} (${unanswered[0]!.error})`
          : 'not every bad variant was sent (the run stopped first)',
      },
      evidence: row.tries.map((t) => evidenceOf(t, row, observation)),
    }
  const outcome = OUTCOME[rank(worst)]!
  const evidence = [control, ...(rank(worst) > 0 ? [worst] : bad)].map((t) => evidenceOf(t, row, observation))
  if (outcome === 'validates')
    return {
      subject,
      outcome,
      facts: {
        control: String(control.status),
        statuses: bad.map((t) => `${t.case} ${t.status}`).join(', '),
      },
      evidence,
    }
  return {
    subject,
    outcome,
    facts: { status: worst.status ?? '', variant: VARIANT[worst.case], account: row.as },
    evidence,
  }
}

/** surface.input-validation: write endpoints refuse malformed, wrong-typed and oversized input. */
export const surfaceInputValidation = defineCheck({
  id: 'surface.input-validation',
  version: 1,
  stage: 1,
  mode: 'active',
  family: 'input',
  outcomes: ['validates', 'accepts-invalid', 'crashes', 'server-error', 'unconfirmed'],
  needs: (e) => (writeEndpoints(e).length ? [inputOf(e)] : []),
  evaluate(observations, { engagement }) {
    if (!writeEndpoints(engagement).length)
      return [
        notConfigured(
          'write endpoints',
          'No write endpoint is declared: list them in api.endpoints (POST, PUT or PATCH) with a valid sample body.',
        ),
      ]
    const obs = observations.get<InputFacts>(inputOf(engagement))
    if (!obs?.data) return [observationError('write endpoints', obs)]
    const findings = obs.data.endpoints.map((row) => judge(row, obs.key))
    return findings.map((f) =>
      obs.data!.stopped && f.outcome === 'error'
        ? { ...f, code: CHECK.STOPPED_ON_HARM, facts: { reason: obs.data!.stopped } }
        : f,
    )
  },
})
