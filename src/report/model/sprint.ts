// The 48-hour sprint plan and the first week after launch, laid over what the runs actually found.
import type { Stage } from '../../core/types'
import type { FirstWeekDay, OpenRisk, RunStamp, TargetEntry, TimelineRun, TimelineWindow } from './types'

/** The six working windows of the sprint, in hours from the first run. */
export const SPRINT_WINDOWS: readonly Omit<TimelineWindow, 'runs'>[] = [
  {
    from: 0,
    to: 6,
    label: 'Hours 0–6',
    work: 'Survey the portal as it stands: routes and endpoints, DNS and subdomains, redirects, the sign-in surface, environment variables and anything secret already in the open.',
    stages: [1, 2, 3, 4],
  },
  {
    from: 6,
    to: 16,
    label: 'Hours 6–16',
    work: 'Put the edge in order: CDN and firewall in front, certificates and forced HTTPS, cache rules that never keep signed-in pages, flood and rate limits, and the mail DNS records.',
    stages: [4],
  },
  {
    from: 16,
    to: 28,
    label: 'Hours 16–28',
    work: 'Tidy production itself: deployment settings, secrets moved into the environment or a vault, and server-side protection on every route.',
    stages: [2, 3],
  },
  {
    from: 28,
    to: 36,
    label: 'Hours 28–36',
    work: 'Exercise the portal like a customer would: sign-in, dashboard, API reads and writes, invitations, password resets and the error pages.',
    stages: [5],
  },
  {
    from: 36,
    to: 44,
    label: 'Hours 36–44',
    work: 'Make failure visible: uptime checks, alert routes to a person, logs that carry request ids, and written rollback steps.',
    stages: [6, 7],
  },
  {
    from: 44,
    to: 48,
    label: 'Hours 44–48',
    work: 'Hand over: the checklist, the risk summary and the next steps in priority order, signed off against a release baseline.',
    stages: [7],
  },
]

const HOUR_MS = 3_600_000

/** Places every run in its window, hours counted from the earliest run's start. */
export function placeRuns(
  runs: readonly RunStamp[],
  currentId: string,
  baselineId: string | undefined,
): { start?: string; windows: TimelineWindow[]; afterSprint: TimelineRun[] } {
  const dated = runs
    .map((r) => ({ r, t: Date.parse(r.startedAt) }))
    .filter((x) => Number.isFinite(x.t))
    .sort((a, b) => a.t - b.t || a.r.id.localeCompare(b.r.id))
  const windows: TimelineWindow[] = SPRINT_WINDOWS.map((w) => ({ ...w, stages: [...w.stages], runs: [] }))
  const afterSprint: TimelineRun[] = []
  const first = dated[0]
  if (!first) return { windows, afterSprint }
  for (const { r, t } of dated) {
    const hour = Math.round(((t - first.t) / HOUR_MS) * 10) / 10
    const entry: TimelineRun = {
      id: r.id,
      startedAt: r.startedAt,
      hour,
      current: r.id === currentId,
      baseline: r.id === baselineId,
      ...(r.summary
        ? { launchReady: r.summary.launchReady, blockers: r.summary.blockers, fail: r.summary.fail }
        : {}),
    }
    const window = windows.find((w) => hour >= w.from && hour < w.to)
    if (window) window.runs.push(entry)
    else afterSprint.push(entry)
  }
  return { start: first.r.startedAt, windows, afterSprint }
}

/** What each of the first seven days is for; the items to watch are added from the open risks. */
const DAYS: readonly { focus: string; stages: Stage[] }[] = [
  {
    focus:
      'Launch day. Keep an eye on uptime and the error rate, and make sure a real alert reaches a person within minutes.',
    stages: [],
  },
  {
    focus:
      'Sign-in and access. Read the failed sign-in and authorization-error counts; a spike means probing or a broken role check.',
    stages: [1, 2],
  },
  {
    focus:
      'Secrets. Rotate anything flagged, and read a day of logs and build output for tokens that should not be there.',
    stages: [3],
  },
  {
    focus:
      'Edge, DNS, certificates and mail. Confirm renewals are scheduled, and that invites and resets still reach the inbox.',
    stages: [4],
  },
  {
    focus:
      'Real use. Re-run the smoke flows after the first customer feedback, and look at what error pages actually showed.',
    stages: [5],
  },
  {
    focus:
      'Monitoring. Compare a week of p95 latency and error rate with the targets, and prune alerts nobody acted on.',
    stages: [6],
  },
  {
    focus:
      'Review. Re-run the audit, compare it with the baseline, and accept a new baseline once it is clean.',
    stages: [7],
  },
]

function line(risk: OpenRisk): string {
  // Manual checks answer for the whole engagement; "on engagement" would only be noise.
  const on = risk.subject && risk.subject !== 'engagement' ? ` on ${risk.subject}` : ''
  const where = risk.check ? ` · ${risk.check}${on}` : ''
  return `${risk.ref ?? risk.priority}${where} — ${risk.title}`
}

/** The first-week note: P1 items on day 1, the rest on the day of their stage, plus unmet targets on day 6. */
export function firstWeek(openRisks: readonly OpenRisk[], targets: readonly TargetEntry[]): FirstWeekDay[] {
  return DAYS.map((d, i) => {
    const day = i + 1
    const watch =
      day === 1
        ? openRisks.filter((r) => r.priority === 'P1').map(line)
        : openRisks
            .filter((r) => r.priority !== 'P1' && r.stage !== undefined && d.stages.includes(r.stage))
            .map(line)
    if (day === 6) {
      for (const t of targets) if (t.status !== 'met') watch.push(`Target ${t.status}: ${t.label}`)
    }
    return { day, focus: d.focus, watch }
  })
}
