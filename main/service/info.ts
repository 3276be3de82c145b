// The static half of the wizard, generated from the registry, the catalogue and resources/stages.json: a check,
// stage or deliverable added there appears in the app without UI code.
import pkg from '../../package.json' with { type: 'json' }
import stagesFile from '../../resources/stages.json' with { type: 'json' }
import type { ConsentFamily, Stage, Status } from '../../src/core/types'
import { CHECKS } from '../../src/checks/registry'
import { CATALOGUE, outcomeText } from '../../src/catalogue/catalogue'
import { GENERIC_OUTCOMES } from '../../src/checks/check'
import { CONSENT_FAMILIES } from '../../src/engagement/schema'
import { MINIMUM_BAR } from '../../src/engine/summary'
import { EXPECTED_DELIVERABLES, MINIMUM_BAR_LABELS, SPRINT_WINDOWS } from '../../src/report/model'
import type { AppInfo, CheckInfo, FamilyInfo, StageView } from '../contract'

/** Plain words for each consent family: what the active test does and what it can touch. */
const FAMILY_WORDS: Readonly<Record<ConsentFamily, { title: string; explanation: string }>> = {
  authz: {
    title: 'Cross-account access',
    explanation:
      "Signs in as each test account and tries to read or change the other accounts' records and the admin functions. It only uses the test accounts you list; it cannot change data unless an endpoint wrongly allows it.",
  },
  input: {
    title: 'Malformed input',
    explanation:
      'Sends wrong-type, oversized and malformed bodies to the write endpoints, and watches whether unrelated endpoints suffer. A handful of requests per endpoint.',
  },
  'rate-limit': {
    title: 'Rate limits',
    explanation:
      'Sends a short burst of failed sign-ins and API reads to see whether the portal slows or blocks them. It stops at the first sign of throttling; a test account may be locked for a while.',
  },
  flows: {
    title: 'Smoke flows',
    explanation:
      'Signs in, opens the dashboard, creates, edits and deletes a test record, signs out and in as another account, like a careful customer would.',
  },
  uploads: {
    title: 'File uploads',
    explanation:
      'Uploads a harmless antivirus test file, a disguised executable name and an oversized file to the upload endpoints, to see which ones are refused.',
  },
  assistant: {
    title: 'AI assistant',
    explanation:
      'Asks the portal assistant a few questions with planted instructions and a canary, to see whether it follows them or leaks the canary.',
  },
  alerts: {
    title: 'Test alert',
    explanation:
      'Sends one clearly labelled test message to the alert webhook or address, so you know a real alert would reach a person.',
  },
  webhooks: {
    title: 'Webhook signatures',
    explanation:
      'Sends an unsigned and a wrongly signed request to each webhook endpoint, to see whether the portal rejects them.',
  },
}

interface StageFileEntry {
  stage: number
  name: string
  goal: string
  hours: string
  looksAt?: string[]
  failureSignals?: string[]
}

function stages(): StageView[] {
  return (stagesFile.stages as StageFileEntry[]).map((s) => ({
    stage: s.stage as Stage,
    name: s.name,
    goal: s.goal,
    hours: s.hours,
    looksAt: s.looksAt ?? [],
    failureSignals: s.failureSignals ?? [],
  }))
}

function checks(): CheckInfo[] {
  return CHECKS.map((c) => {
    const text = CATALOGUE[c.id]
    const outcomes = [...c.outcomes, ...GENERIC_OUTCOMES].flatMap((id) => {
      const o = outcomeText(c.id, id)
      return o
        ? [
            {
              id,
              status: o.status as Status,
              ...(o.severity ? { severity: o.severity } : {}),
              title: o.title,
              summary: o.summary,
            },
          ]
        : []
    })
    return {
      id: c.id,
      version: c.version,
      stage: c.stage,
      mode: c.mode,
      ...(c.family ? { family: c.family } : {}),
      name: text?.name ?? c.id,
      purpose: text?.purpose ?? '',
      outcomes,
    }
  })
}

function families(): FamilyInfo[] {
  return CONSENT_FAMILIES.map((id) => ({
    id,
    ...FAMILY_WORDS[id],
    checks: CHECKS.filter((c) => c.family === id).map((c) => c.id),
  }))
}

/** The static description of the sprint the renderer builds every screen from. */
export function appInfo(host: AppInfo['host']): AppInfo {
  return {
    version: pkg.version,
    host,
    stages: stages(),
    checks: checks(),
    families: families(),
    deliverables: EXPECTED_DELIVERABLES.map((d) => ({ ...d, producedBy: [...d.producedBy] })),
    minimumBar: MINIMUM_BAR.map((b) => ({
      item: b.item,
      label: MINIMUM_BAR_LABELS[b.item],
      checks: b.checks,
    })),
    windows: SPRINT_WINDOWS.map((w) => ({ ...w, stages: [...w.stages] })),
  }
}
