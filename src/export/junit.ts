// JUnit XML export of a run: one suite per stage, one test case per result.
import type { CheckResult, Run } from '../core/types'
import { stageName } from '../core/stages'

const escape = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')

function testcase(r: CheckResult): string {
  const head = `    <testcase classname="${escape(r.check)}" name="${escape(r.subject)}">`
  const text = escape(`${r.summary}\nRemediation: ${r.remediation}`)
  if (r.status === 'fail')
    return `${head}\n      <failure type="${r.severity ?? 'fail'}" message="${escape(r.title)}">${text}</failure>\n    </testcase>`
  if (r.status === 'error')
    return `${head}\n      <error type="${escape(r.code ?? 'error')}" message="${escape(r.title)}">${text}</error>\n    </testcase>`
  if (r.status === 'skipped' || r.status === 'manual')
    return `${head}\n      <skipped message="${escape(`${r.status}: ${r.title}`)}"/>\n    </testcase>`
  if (r.status === 'warn')
    return `${head}\n      <system-out>${escape(`warning: ${r.title}. ${r.summary}`)}</system-out>\n    </testcase>`
  return `${head}</testcase>`
}

/** JUnit XML as CI systems read it. */
export function toJunit(run: Run): string {
  const stages = [...new Set(run.results.map((r) => r.stage))].sort()
  const suites = stages.map((stage) => {
    const results = run.results.filter((r) => r.stage === stage)
    const n = (s: CheckResult['status'][]): number => results.filter((r) => s.includes(r.status)).length
    return `  <testsuite name="Stage ${stage}: ${escape(stageName(stage))}" tests="${results.length}" failures="${n(['fail'])}" errors="${n(['error'])}" skipped="${n(['skipped', 'manual'])}" timestamp="${run.startedAt.slice(0, 19)}">\n${results.map(testcase).join('\n')}\n  </testsuite>`
  })
  const total = run.results.length
  const s = run.summary
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="Handover ${escape(run.id)}" tests="${total}" failures="${s.fail}" errors="${s.error}" skipped="${s.skipped + s.manual}" time="${(run.timings.totalMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`
}
