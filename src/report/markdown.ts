// The handover pack as Markdown, for pasting into tickets; the JSON export is the model itself.
import {
  appendixFacts,
  deliverableLine,
  printsNothing,
  REPORT_COLUMNS,
  REPORT_HEADINGS,
  REPORT_PHRASES,
  stageHeading,
  REPORT_SECTIONS,
  type Deliverable,
  type ReportModel,
  type ReportSectionKey,
} from './model'

/** A table cell: no pipe or line break may end the cell early. */
function cell(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>')
}

function table(columns: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${columns.map(cell).join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${columns.map((_, i) => cell(r[i] ?? '')).join(' | ')} |`),
    '',
  ]
}

/** A table, or `otherwise` (by default nothing) when it has no rows. */
function tableUnlessEmpty(
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  otherwise: readonly string[] = [],
): string[] {
  return rows.length === 0 ? [...otherwise] : table(columns, rows)
}

const code = (value: string): string => `\`${value.replace(/`/g, "'")}\``
const where = (check?: string, subject?: string): string =>
  check ? `${code(check)}${subject && subject !== 'engagement' ? ` · ${subject}` : ''}` : ''

function deliverable(d: Deliverable): string[] {
  const out = [`### ${d.title} (${d.status})`, '', deliverableLine(d), '']
  if (d.status === 'ready' && printsNothing(d)) out.push(REPORT_PHRASES.emptyDeliverable, '')
  for (const s of d.sections) {
    if (s.heading) out.push(`#### ${s.heading}`, '')
    for (const p of s.paragraphs ?? []) out.push(p, '')
    if (s.table) out.push(...table(s.table.columns, s.table.rows))
  }
  return out
}

function body(m: ReportModel, key: ReportSectionKey): string[] {
  switch (key) {
    case 'minimumBar':
      return table(
        REPORT_COLUMNS.minimumBar,
        m.minimumBar.items.map((b) => [
          b.status,
          b.label,
          b.checks.map((c) => `${c.check}: ${c.outcome}`).join('; '),
        ]),
      )
    case 'targets':
      return table(
        REPORT_COLUMNS.targets,
        m.targets.items.map((t) => [t.status, t.label, t.detail, t.checks.join(', ')]),
      )
    case 'blockers':
      return tableUnlessEmpty(
        REPORT_COLUMNS.blockers,
        m.blockers.items.map((r) => [
          r.ref,
          `${r.severity} (${r.status})`,
          `${r.title} — ${where(r.check, r.subject)}`,
          r.nextStep,
          r.owner,
        ]),
      )
    case 'risks':
      return tableUnlessEmpty(
        REPORT_COLUMNS.risks,
        m.risks.items.map((r) => [
          r.ref,
          `${r.severity} (${r.status}${r.blocker ? ', blocks launch' : ''})`,
          `${r.title} — ${where(r.check, r.subject)}`,
          r.owner,
          r.nextStep,
        ]),
      )
    case 'regressions':
      return tableUnlessEmpty(
        REPORT_COLUMNS.regressions,
        m.regressions.items.map((e) => [e.change, `${e.title} — ${where(e.check, e.subject)}`, e.from, e.to]),
      )
    case 'checklist':
      return m.checklist.stages.flatMap((s) => [
        `### ${stageHeading(s.stage, s.name)}`,
        '',
        `_${s.goal}_ ${s.note}`,
        '',
        ...tableUnlessEmpty(
          REPORT_COLUMNS.checklistWithEvidence,
          s.rows.map((r) => [
            `${r.status}${r.severity ? ` (${r.severity})` : ''}${r.ref ? ` ${r.ref}` : ''}`,
            `${r.title} — ${where(r.check, r.subject)}`,
            r.evidence.join('\n'),
          ]),
        ),
      ])
    case 'deliverables':
      return m.deliverables.items.flatMap(deliverable)
    case 'timeline':
      return [
        ...table(
          REPORT_COLUMNS.timeline,
          m.timeline.windows.map((w) => [
            w.label,
            w.work,
            w.runs.length === 0
              ? REPORT_PHRASES.noRunInWindow
              : w.runs
                  .map(
                    (r) =>
                      `hour ${r.hour.toFixed(1)}: ${r.id}${r.current ? ' (this run)' : ''}${r.baseline ? ' (baseline)' : ''}`,
                  )
                  .join('\n'),
          ]),
        ),
        ...(m.timeline.afterSprint.length > 0
          ? [
              `${REPORT_HEADINGS.afterSprint}:`,
              '',
              ...m.timeline.afterSprint.map((r) => `- hour ${r.hour.toFixed(1)}: ${r.id}`),
              '',
            ]
          : []),
      ]
    case 'openRisks':
      return tableUnlessEmpty(
        REPORT_COLUMNS.openRisks,
        m.openRisks.items.map((r) => [
          r.priority,
          r.due,
          `${r.ref ? `${r.ref} ` : ''}${r.title}${r.check ? ` — ${where(r.check, r.subject)}` : ''}`,
          r.owner,
          r.nextStep,
        ]),
      )
    case 'firstWeek':
      return m.firstWeek.days.flatMap((d) => [
        `**Day ${d.day}.** ${d.focus}`,
        '',
        ...(d.watch.length === 0 ? [`- ${REPORT_PHRASES.quietDay}`] : d.watch.map((w) => `- ${w}`)),
        '',
      ])
    case 'appendix': {
      const a = m.appendix
      return [
        ...table(REPORT_COLUMNS.appendix, appendixFacts(m, ', ')),
        `### ${REPORT_HEADINGS.checkVersions}`,
        '',
        ...tableUnlessEmpty(
          ['Check', 'Version'],
          a.checks.map((c) => [c.id, String(c.version)]),
          [REPORT_PHRASES.noCheckVersions, ''],
        ),
        `### ${REPORT_HEADINGS.attestations}`,
        '',
        ...tableUnlessEmpty(
          REPORT_COLUMNS.attestations,
          a.attestations.map((t) => [
            `${t.check}${t.subject ? ` · ${t.subject}` : ''}`,
            t.status,
            t.by,
            t.at,
            t.note ?? '',
          ]),
          [REPORT_PHRASES.noAttestations, ''],
        ),
      ]
    }
  }
}

/** The whole report as GitHub-flavoured Markdown, with the same section titles and order as the PDF. */
export function reportToMarkdown(model: ReportModel): string {
  const c = model.cover
  const lines = [
    `# ${model.meta.title}`,
    '',
    `**${c.verdict}.** ${c.reason}`,
    '',
    ...(c.caveat ? [`> ${c.caveat}`, ''] : []),
    ...table(
      ['Client', 'Portal', 'Consultant', 'Issued', 'Run'],
      [[c.client, c.portal, c.consultant, c.date, c.runId]],
    ),
    `Results: ${Object.entries(c.counts)
      .map(([status, n]) => `${n} ${status}`)
      .join(', ')}.`,
    '',
  ]
  REPORT_SECTIONS.forEach((key, i) => {
    lines.push(`## ${i + 1}. ${model[key].title}`, '', model[key].note, '', ...body(model, key))
  })
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`
}
