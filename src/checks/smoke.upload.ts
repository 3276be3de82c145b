// smoke.upload: the upload endpoint takes a valid file and refuses a disguised Windows or Linux executable, the
// EICAR test file, a file over the declared limit and a type not on the list. Proven by content: a bad file
// counts as accepted only when the stored object was fetched back and its bytes hash to the bytes sent; a 2xx
// without that proof is a warning, a 5xx a warning too, and a refused control an error (nothing to compare with).
import type { Evidence } from '../core/types'
import { uploadOf, type UploadCase, type UploadFacts, type UploadTry } from '../probes/behaviour-upload'
import { observationError } from './check'
import { defineCheck, type FindingOf } from './define'
import { notSentFinding } from './support/credentials'
import { unfinishedError } from './support/unfinished'
import { CHECK } from './codes'
import { PROBE } from '../probes/codes'
import { notConfigured } from './support/declared'

type UploadFinding = FindingOf<'smoke.upload'>

/** What each file is, in the words of a finding. */
const FILE: Record<UploadCase, string> = {
  control: 'a valid file',
  'disguised-pe': 'a Windows executable (MZ header)',
  'disguised-elf': 'a Linux executable (ELF header)',
  eicar: 'the EICAR antivirus test file',
  oversized: 'a file one byte over the limit',
  'wrong-type': 'a file of a type not on the list',
}

const described = (t: UploadTry): string =>
  t.case === 'oversized' || t.case === 'wrong-type' || t.case === 'control'
    ? `${FILE[t.case]} (${t.name}, ${t.type}, ${t.bytes} bytes)`
    : `${FILE[t.case]} named ${t.name} (${t.type})`

/** The evidence line of one file: what was sent, the answer, the fetch of the stored object, the cleanup. */
function evidenceOf(t: UploadTry, observation: string): Evidence {
  const lines = [
    t.error ??
      `${t.status}${t.contentType ? ` ${t.contentType.split(';')[0]}` : ''}${t.answer ? `\n${t.answer.slice(0, 300)}` : ''}`,
  ]
  if (t.fetched)
    lines.push(
      t.fetched.error
        ? `fetching ${t.fetched.url}: ${t.fetched.error}`
        : `fetched ${t.fetched.url} → ${t.fetched.status}, ${t.fetched.bytes} bytes, ${
            t.fetched.same ? 'SHA-256 identical to the file sent' : 'not the bytes sent'
          }`,
    )
  if (t.cleanup) lines.push(`deleted again: ${t.cleanup.error ?? `DELETE → ${t.cleanup.status}`}`)
  return {
    label: `${FILE[t.case]}: ${t.name} (${t.type}, ${t.bytes} bytes, starts ${t.head}, SHA-256 ${t.sha256.slice(0, 12)}…)`,
    value: lines.join('\n'),
    observation,
  }
}

/** What one bad file's answer proves: 3 stored as sent, 2 taken without proof, 1 server error, 0 refused. */
function rank(t: UploadTry): number {
  if (t.status === undefined) return 0
  if (t.status >= 500) return 1
  if (t.status >= 200 && t.status < 300) return t.fetched?.same ? 3 : 2
  return 0
}

function judge(data: UploadFacts, observation: string): UploadFinding {
  const subject = data.target
  // Nothing sent: no credential to sign in with is an error (isNoCredential), anything else not-configured.
  if (data.skipped) return notSentFinding(subject, data.skipped, data.code)
  const control = data.tries.find((t) => t.case === 'control')
  if (!control || control.error)
    return {
      subject,
      outcome: 'error',
      code: PROBE.NOT_SENT,
      facts: { reason: control?.error ?? data.stopped ?? 'the valid file was not sent' },
    }
  if (control.status === undefined || control.status < 200 || control.status >= 300)
    return {
      subject,
      outcome: 'error',
      code: CHECK.CONTROL_REFUSED,
      facts: {
        reason: `the valid file ${control.name} was refused (answered ${control.status}), so a refusal of a bad file proves nothing; check upload.url, upload.field and upload.types`,
      },
      evidence: [evidenceOf(control, observation)],
    }
  const bad = data.tries.filter((t) => t.case !== 'control')
  const stored = bad.filter((t) => rank(t) === 3)
  if (stored.length)
    return {
      subject,
      outcome: 'accepts-unsafe',
      facts: { accepted: stored.map(described).join('; '), account: data.as },
      evidence: [control, ...stored].map((t) => evidenceOf(t, observation)),
    }
  const unanswered = bad.filter((t) => t.status === undefined)
  if (bad.length < 5 || unanswered.length)
    return unfinishedError(
      subject,
      data.stopped,
      unanswered[0]
        ? `no answer to ${FILE[unanswered[0].case]} (${unanswered[0].error})`
        : 'not every bad file was sent',
      data.tries.map((t) => evidenceOf(t, observation)),
    )
  const taken = bad.filter((t) => rank(t) === 2)
  if (taken.length)
    return {
      subject,
      outcome: 'unconfirmed',
      facts: { accepted: taken.map(described).join('; '), account: data.as },
      evidence: [control, ...taken].map((t) => evidenceOf(t, observation)),
    }
  const crashed = bad.filter((t) => rank(t) === 1)
  if (crashed.length)
    return {
      subject,
      outcome: 'server-error',
      facts: { files: crashed.map((t) => `${described(t)} → ${t.status}`).join('; '), account: data.as },
      evidence: [control, ...crashed].map((t) => evidenceOf(t, observation)),
    }
  return {
    subject,
    outcome: 'refuses',
    facts: { statuses: bad.map((t) => `${FILE[t.case]} ${t.status}`).join(', '), account: data.as },
    evidence: data.tries.map((t) => evidenceOf(t, observation)),
  }
}

/** smoke.upload: the upload endpoint refuses executables, the EICAR file, oversized files and wrong types. */
export const smokeUpload = defineCheck({
  id: 'smoke.upload',
  version: 1,
  stage: 5,
  mode: 'active',
  family: 'uploads',
  outcomes: ['refuses', 'accepts-unsafe', 'unconfirmed', 'server-error'],
  needs: (e) => (e.upload ? [uploadOf(e)] : []),
  evaluate(observations, { engagement }): UploadFinding[] {
    if (!engagement.upload)
      return [
        notConfigured(
          'upload endpoint',
          'No upload endpoint is declared: set upload.url, upload.maxBytes and upload.types in handover.json.',
        ),
      ]
    const obs = observations.get<UploadFacts>(uploadOf(engagement))
    if (!obs?.data) return [observationError(`${engagement.upload.method} ${engagement.upload.url}`, obs)]
    return [judge(obs.data, obs.key)]
  },
})
