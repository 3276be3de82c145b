// Renders the report model to the handover PDF: cover, contents, the sections, running heads and page numbers.
import PDFDocument from 'pdfkit'
import { SEVERITIES } from '../../core/types'
import {
  printsNothing,
  REPORT_PHRASES,
  REPORT_SECTIONS,
  type Deliverable,
  type LatencyFigure,
  type ReportModel,
  type ReportSectionKey,
  type RiskEntry,
  type TimelineRun,
} from '../model'
import { registerFonts } from './fonts'
import { badges, Layout, mono, text, type Cell, type Column, type TableSpec } from './layout'
import {
  BAR_BADGE,
  COLOURS,
  CONTENT_WIDTH,
  DELIVERABLE_BADGE,
  PAGE,
  PRIORITY_BADGE,
  SEVERITY_BADGE,
  SIZES,
  STATUS_BADGE,
  TARGET_BADGE,
  VERDICT,
} from './theme'

/** Document information fields a caller may override (the model supplies all of them by default). */
export interface PdfInfoOverrides {
  title?: string
  author?: string
  subject?: string
  keywords?: string
  creator?: string
  producer?: string
}

/** How to render: the signing hook, metadata overrides and the fonts folder. */
export interface RenderOptions {
  /** Called once everything is drawn and just before `doc.end()`; nothing is written after it (signing hook). */
  beforeEnd?: (doc: PDFKit.PDFDocument) => void
  info?: PdfInfoOverrides
  /** Where the font files are; defaults to resources/fonts/. */
  fontsDir?: string
}

const col = (header: string, share: number): Column => ({ header, share })

function finding(r: { title: string; check?: string; subject?: string }): Cell {
  const where = r.check ? `${r.check}${r.subject && r.subject !== 'engagement' ? ` · ${r.subject}` : ''}` : ''
  return where ? [text(r.title, 'semibold'), mono(where)] : [text(r.title, 'semibold')]
}

function severityCell(r: RiskEntry, markBlocker = false): Cell {
  const words = markBlocker && r.blocker ? `${r.status} · blocks launch` : r.status
  return [badges(SEVERITY_BADGE[r.severity]), text(words, 'regular', SIZES.tiny, COLOURS.muted)]
}

function ownerCell(owner: string): Cell {
  return [
    text(
      owner,
      owner === 'unassigned' ? 'italic' : 'regular',
      SIZES.tableBody,
      owner === 'unassigned' ? COLOURS.muted : COLOURS.body,
    ),
  ]
}

function runLine(r: TimelineRun, n: number): Cell {
  const marks = [r.current ? 'this run' : '', r.baseline ? 'baseline' : ''].filter(Boolean).join(', ')
  const state =
    r.launchReady === undefined
      ? ''
      : r.launchReady
        ? ' · launch-ready'
        : ` · ${r.blockers ?? '?'} blocker${r.blockers === 1 ? '' : 's'}`
  return [
    text(
      `#${n} · hour ${r.hour.toFixed(1)}${state}${marks ? ` (${marks})` : ''}`,
      r.current ? 'semibold' : 'regular',
    ),
    mono(r.id),
  ]
}

class ReportPdf {
  readonly l: Layout
  private readonly pageOf = new Map<ReportSectionKey, number>()
  private contentsY = 0
  private readonly runNumbers = new Map<string, number>()

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly m: ReportModel,
  ) {
    this.l = new Layout(doc)
    const runs = [...m.timeline.windows.flatMap((w) => w.runs), ...m.timeline.afterSprint]
    runs.forEach((r, i) => this.runNumbers.set(r.id, i + 1))
  }

  draw(): void {
    this.cover()
    this.contents()
    REPORT_SECTIONS.forEach((key, i) => this.section(key, i + 1))
    this.fillContents()
    this.pageFurniture()
  }

  private cover(): void {
    const { doc, l, m } = this
    const c = m.cover
    l.section = ''
    l.newPage()
    const x = PAGE.marginX
    const bandH = 318
    doc.save().rect(0, 0, PAGE.width, bandH).fill(COLOURS.navy).restore()
    doc.save().rect(0, bandH, PAGE.width, 4).fill(COLOURS.accent).restore()
    l.line(c.title.toUpperCase(), x, 64, { font: 'semibold', size: 8, color: '#9CC3F0', spacing: 2 })
    l.line(c.subtitle, x, 84, { font: 'bold', size: 28, color: COLOURS.white })
    l.line(c.engagement, x, 124, { font: 'regular', size: 15, color: '#DCE7F5' })
    const facts: [string, string][] = [
      ['Client', c.client],
      ['Portal', c.portal],
      ['Consultant', c.consultant],
      ['Issued', c.dateLabel],
      ['Run', c.runId],
      ['Baseline', m.appendix.baseline ?? 'none accepted yet'],
    ]
    const colW = CONTENT_WIDTH / 2
    const fact = (
      label: string,
      value: string,
      fx: number,
      fy: number,
      width: number,
      lines: number,
    ): void => {
      l.line(label.toUpperCase(), fx, fy, { font: 'semibold', size: 6.8, color: '#9CC3F0', spacing: 1.2 })
      doc
        .font(label === 'Run' || label === 'Baseline' ? 'mono' : 'regular')
        .fontSize(label === 'Run' || label === 'Baseline' ? 8.6 : 10)
        .fillColor(COLOURS.white)
        .text(value, fx, fy + 11, { width, height: lines * 13.5, ellipsis: true, lineGap: 1 })
    }
    facts.forEach(([label, value], i) =>
      fact(label, value, x + (i % 2) * colW, 166 + Math.floor(i / 2) * 34, colW - 16, 1),
    )
    fact('Hosts', c.hosts.length > 0 ? c.hosts.join(' · ') : 'none recorded', x, 268, CONTENT_WIDTH, 2)

    // Verdict panel: colour, words and weight all say the same thing.
    const tone = c.launchReady ? VERDICT.ready : VERDICT.notReady
    const vy = 346
    const reasonH = l.measure(c.reason, 'regular', 9.5, CONTENT_WIDTH - 40)
    const vh = 70 + reasonH
    doc.save().roundedRect(x, vy, CONTENT_WIDTH, vh, 6).fill(tone.fill).restore()
    doc.save().roundedRect(x, vy, 8, vh, 3).fill(tone.band).restore()
    l.line('VERDICT', x + 24, vy + 16, { font: 'semibold', size: 7, color: '#F3D9D9', spacing: 1.6 })
    // The verdict stays on one line: long ones are set smaller rather than cut.
    const verdictSize = Math.max(
      13,
      Math.min(21, (21 * (CONTENT_WIDTH - 48)) / doc.font('bold').fontSize(21).widthOfString(c.verdict)),
    )
    l.line(c.verdict, x + 24, vy + 30 + (21 - verdictSize) / 2, {
      font: 'bold',
      size: verdictSize,
      color: COLOURS.white,
      width: CONTENT_WIDTH - 40,
    })
    doc
      .font('regular')
      .fontSize(9.5)
      .fillColor(COLOURS.white)
      .text(c.reason, x + 24, vy + 60, {
        width: CONTENT_WIDTH - 40,
        lineGap: 1.6,
        height: reasonH + 2,
      })
    l.y = vy + vh + 12
    if (c.caveat) {
      // What the run did not cover is said in full on the first page, never cut (issue 7 item 10).
      const caveatH = l.measure(c.caveat, 'italic', 8.5, CONTENT_WIDTH)
      doc
        .font('italic')
        .fontSize(8.5)
        .fillColor('#8A4B00')
        .text(c.caveat, x, l.y, { width: CONTENT_WIDTH, lineGap: 1.4, height: caveatH + 2 })
      l.y += caveatH + 6
    }

    // Result counts: the number, then the status word in the badge's colour and weight.
    const gap = 8
    const boxW = (CONTENT_WIDTH - 5 * gap) / 6
    const by = l.y + 6
    ;(['pass', 'fail', 'warn', 'error', 'skipped', 'manual'] as const).forEach((s, i) => {
      const bx = x + i * (boxW + gap)
      doc.save().roundedRect(bx, by, boxW, 50, 4).lineWidth(0.7).stroke(COLOURS.rule).restore()
      l.line(String(c.counts[s]), bx, by + 9, {
        font: 'bold',
        size: 18,
        color: COLOURS.ink,
        width: boxW,
        align: 'center',
      })
      const badgeW = l.badgeWidth(STATUS_BADGE[s])
      l.badge(STATUS_BADGE[s], bx + (boxW - badgeW) / 2, by + 32)
    })
    l.y = by + 72

    l.line('MINIMUM BAR', x, l.y, { font: 'semibold', size: 7.2, color: COLOURS.accent, spacing: 1.1 })
    l.y += 14
    for (const item of m.minimumBar.items) {
      const style = BAR_BADGE[item.status]
      l.badge(style, x, l.y)
      l.line(item.label, x + 78, l.y + 1.5, { size: 9, color: COLOURS.body, width: CONTENT_WIDTH - 78 })
      l.y += 18
    }

    const fy = PAGE.height - 92
    l.rule(COLOURS.rule, fy)
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(COLOURS.muted)
      .text(
        `${c.preparedBy} This pack describes the security of a live system: share it with the people who run or decide on the portal, and no one else.`,
        x,
        fy + 10,
        { width: CONTENT_WIDTH, lineGap: 1.5, height: 40 },
      )
  }

  private contents(): void {
    const { l } = this
    l.section = 'Contents'
    l.newPage()
    l.h1('Contents')
    this.contentsY = l.y
    l.y += REPORT_SECTIONS.length * 21 + 24

    l.h2('Reading this pack')
    l.paragraph(
      'Every label below is printed in words as well as colour, so the pack reads the same in grey print. Findings are numbered R01, R02… in order of severity, and the same number is used wherever a finding appears.',
      { color: COLOURS.muted, size: 8.8 },
    )
    const legend: [Cell, Cell][] = [
      [[badges(STATUS_BADGE.pass)], [text('The check ran and the portal meets it.')]],
      [[badges(STATUS_BADGE.warn)], [text('Meets the bar, but weakly; worth tightening.')]],
      [[badges(STATUS_BADGE.fail)], [text('The check ran and found a problem.')]],
      [
        [badges(STATUS_BADGE.error)],
        [text('The check could not observe; the reason and code are in its evidence.')],
      ],
      [
        [badges(STATUS_BADGE.skipped)],
        [text('Not applicable, not configured, or not consented to, with the reason.')],
      ],
      [[badges(STATUS_BADGE.manual)], [text('Waiting for a person to attest the answer.')]],
      [
        [badges(...SEVERITIES.map((s) => SEVERITY_BADGE[s]))],
        [text('Severity of a failing result, from most to least serious.')],
      ],
      [
        [badges(PRIORITY_BADGE.P1, PRIORITY_BADGE.P2, PRIORITY_BADGE.P3)],
        [text('Next-step priority: before launch, within the first week, within 30 days.')],
      ],
    ]
    l.table({
      columns: [col('Label', 0.36), col('Meaning', 0.64)],
      rows: legend,
      continued: 'Reading this pack (continued)',
    })
  }

  private fillContents(): void {
    const { doc, l, m } = this
    doc.switchToPage(1)
    let y = this.contentsY
    const x = PAGE.marginX
    REPORT_SECTIONS.forEach((key, i) => {
      const page = (this.pageOf.get(key) ?? 0) + 1
      const title = m[key].title
      l.line(String(i + 1).padStart(2, '0'), x, y, { font: 'semibold', size: 10, color: COLOURS.accent })
      l.line(title, x + 26, y, { font: 'regular', size: 10.5, color: COLOURS.ink })
      const tw = doc.font('regular').fontSize(10.5).widthOfString(title)
      l.line(String(page), x, y, { font: 'semibold', size: 10.5, color: COLOURS.ink, align: 'right' })
      const nw = doc.font('semibold').fontSize(10.5).widthOfString(String(page))
      doc
        .save()
        .moveTo(x + 26 + tw + 6, y + 9)
        .lineTo(x + CONTENT_WIDTH - nw - 6, y + 9)
        .dash(0.8, { space: 2.6 })
        .lineWidth(0.8)
        .stroke(COLOURS.faint)
        .undash()
        .restore()
      doc.goTo(x, y - 3, CONTENT_WIDTH, 18, `section-${key}`)
      y += 21
    })
  }

  private section(key: ReportSectionKey, n: number): void {
    const { doc, l, m } = this
    const title = m[key].title
    const breakBefore = key !== 'targets' && key !== 'risks' && key !== 'regressions' && key !== 'firstWeek'
    l.section = title
    if (breakBefore) l.newPage()
    else {
      l.space(12)
      l.ensure(160)
    }
    this.pageOf.set(key, l.pageIndex)
    doc.addNamedDestination(`section-${key}`, 'XYZ', null, PAGE.height - l.y + 12, null)
    const outline = doc.outline.addItem(`${n}. ${title}`)
    l.h1(title, `Section ${n}`)
    l.paragraph(m[key].note, { color: COLOURS.muted, size: 9, gap: 10 })
    switch (key) {
      case 'minimumBar':
        return this.minimumBar()
      case 'targets':
        return this.targets()
      case 'blockers':
        return this.blockers()
      case 'risks':
        return this.risks()
      case 'regressions':
        return this.regressions()
      case 'checklist':
        return this.checklist(outline)
      case 'deliverables':
        return this.deliverables(outline)
      case 'timeline':
        return this.timeline()
      case 'openRisks':
        return this.openRisks()
      case 'firstWeek':
        return this.firstWeek()
      case 'appendix':
        return this.appendix()
    }
  }

  private minimumBar(): void {
    const rows = this.m.minimumBar.items.map((b): Cell[] => [
      [badges(BAR_BADGE[b.status])],
      [text(b.label, 'semibold'), mono(b.item)],
      b.checks.map((c) => mono(`${c.check} — ${c.outcome}`, COLOURS.body)),
    ])
    this.l.table({
      columns: [col('Status', 0.15), col('Item', 0.45), col('Decided by', 0.4)],
      rows,
      continued: 'Minimum bar (continued)',
    })
  }

  private targets(): void {
    const rows = this.m.targets.items.map((t): Cell[] => [
      [badges(TARGET_BADGE[t.status])],
      [text(t.label, 'semibold')],
      [text(t.detail, 'regular', SIZES.small)],
      t.checks.map((c) => mono(c)),
    ])
    this.l.table({
      columns: [
        col('Status', 0.15),
        col('Target', 0.27),
        col('What was measured', 0.36),
        col('Checks', 0.22),
      ],
      rows,
      continued: 'Operational targets (continued)',
    })
    for (const figure of this.m.targets.latency) this.latencyHistogram(figure)
  }

  /** A core read's latency histogram: bars of 50 ms, the 300 ms target as a dashed line, the p95 marked. */
  private latencyHistogram(f: LatencyFigure): void {
    const { doc, l } = this
    const chartH = 96
    l.ensure(chartH + 84)
    l.space(10)
    l.line(`Latency of ${f.subject}`, l.left, l.y, { font: 'semibold', size: SIZES.h3, color: COLOURS.ink })
    l.y += 16
    l.line(
      `${f.count} answered samples, request start to last body byte; p95 ${Math.round(f.p95)} ms against the ${f.targetMs} ms target.`,
      l.left,
      l.y,
      { size: SIZES.small, color: COLOURS.muted },
    )
    l.y += 22
    const axisW = 28
    const x0 = l.left + axisW
    const w = CONTENT_WIDTH - axisW
    const top = l.y
    const base = top + chartH
    const span = f.bins.at(-1)?.to ?? f.targetMs
    const px = (ms: number): number => x0 + (Math.min(ms, span) / span) * w
    const most = Math.max(1, ...f.bins.map((b) => b.count))
    for (const b of f.bins) {
      if (b.count === 0) continue
      const h = (b.count / most) * chartH
      const over = b.from >= f.targetMs
      doc
        .save()
        .rect(px(b.from) + 0.6, base - h, Math.max(0.8, px(b.to) - px(b.from) - 1.2), h)
        .fill(over ? VERDICT.notReady.band : COLOURS.accent)
        .restore()
    }
    doc
      .save()
      .moveTo(x0, base)
      .lineTo(x0 + w, base)
      .lineWidth(0.7)
      .stroke(COLOURS.faint)
      .restore()
    doc.save().moveTo(x0, top).lineTo(x0, base).lineWidth(0.7).stroke(COLOURS.faint).restore()
    l.line(String(most), l.left, top - 3, {
      size: 6.8,
      color: COLOURS.muted,
      width: axisW - 4,
      align: 'right',
    })
    l.line('0', l.left, base - 5, { size: 6.8, color: COLOURS.muted, width: axisW - 4, align: 'right' })
    // At most about ten labels along the time axis, on round steps.
    const step = [100, 200, 250, 500, 1000, 2000, 5000, 10_000, 30_000].find((s) => span / s <= 10) ?? span
    for (let ms = 0; ms <= span; ms += step) {
      doc
        .save()
        .moveTo(px(ms), base)
        .lineTo(px(ms), base + 3)
        .lineWidth(0.6)
        .stroke(COLOURS.faint)
        .restore()
      l.line(String(ms), px(ms) - 20, base + 5, {
        size: 6.8,
        color: COLOURS.muted,
        width: 40,
        align: 'center',
      })
    }
    l.line('ms', x0 + w - 20, base + 14, { size: 6.8, color: COLOURS.muted, width: 20, align: 'right' })
    const tx = px(f.targetMs)
    doc
      .save()
      .moveTo(tx, top - 6)
      .lineTo(tx, base)
      .dash(3, { space: 2 })
      .lineWidth(1.2)
      .stroke(COLOURS.ink)
      .undash()
      .restore()
    l.line(`${f.targetMs} ms target`, tx + 4, top - 8, {
      font: 'semibold',
      size: 7,
      color: COLOURS.ink,
      width: 90,
    })
    const p95x = px(f.p95)
    doc
      .save()
      .polygon([p95x - 4, base + 22], [p95x + 4, base + 22], [p95x, base + 16])
      .fill(COLOURS.navy)
      .restore()
    l.line(`p95 ${Math.round(f.p95)} ms`, p95x - 40, base + 24, {
      font: 'semibold',
      size: 7,
      color: COLOURS.navy,
      width: 80,
      align: 'center',
    })
    l.y = base + 38
    l.paragraph(
      'Bars: samples per 50 ms; blue under the target, red at or over it. Dashed line: the target; triangle: the p95.',
      { size: 7.6, color: COLOURS.muted, gap: 8 },
    )
  }

  private blockers(): void {
    const items = this.m.blockers.items
    if (items.length === 0) return
    this.l.table({
      columns: [
        col('Ref', 0.07),
        col('Severity', 0.13),
        col('Finding', 0.34),
        col('Next step', 0.32),
        col('Owner', 0.14),
      ],
      rows: items.map((r): Cell[] => [
        [text(r.ref, 'semibold')],
        severityCell(r),
        finding(r),
        [text(r.nextStep, 'regular', SIZES.small)],
        ownerCell(r.owner),
      ]),
      continued: 'Launch block list (continued)',
    })
  }

  private risks(): void {
    const items = this.m.risks.items
    if (items.length === 0) return
    this.l.table({
      columns: [
        col('Ref', 0.07),
        col('Severity', 0.13),
        col('Finding', 0.34),
        col('Owner', 0.13),
        col('Next step', 0.33),
      ],
      rows: items.map((r): Cell[] => [
        [text(r.ref, 'semibold')],
        severityCell(r, true),
        finding(r),
        ownerCell(r.owner),
        [text(r.nextStep, 'regular', SIZES.small)],
      ]),
      continued: 'Risk register (continued)',
    })
  }

  private regressions(): void {
    const items = this.m.regressions.items
    if (items.length === 0) return
    this.l.table({
      columns: [col('Change', 0.13), col('Finding', 0.47), col('Baseline', 0.2), col('This run', 0.2)],
      rows: items.map((e): Cell[] => [
        [text(e.change, 'semibold')],
        finding(e),
        [mono(e.from, COLOURS.body)],
        [mono(e.to, COLOURS.ink)],
      ]),
      continued: 'Regressions since the baseline (continued)',
    })
  }

  private checklist(outline: PDFKit.PDFOutline): void {
    const { l } = this
    for (const stage of this.m.checklist.stages) {
      const spec: TableSpec = {
        columns: [col('Status', 0.12), col('Result', 0.7), col('Severity', 0.18)],
        rows: stage.rows.map((r): Cell[] => [
          [badges(STATUS_BADGE[r.status])],
          [
            text(r.title, 'semibold'),
            mono(`${r.check} · ${r.subject}`, COLOURS.muted),
            ...(r.evidence.length > 0 ? [mono(r.evidence.join('\n'), COLOURS.faint, 6.8)] : []),
          ],
          r.severity
            ? [
                badges(SEVERITY_BADGE[r.severity]),
                ...(r.ref ? [text(r.ref, 'semibold', SIZES.small, COLOURS.muted)] : []),
              ]
            : [],
        ]),
        continued: `Stage ${stage.stage} · ${stage.name} (continued)`,
      }
      // Keep the stage heading with the first row of its table.
      l.ensure(76 + (stage.rows.length > 0 ? l.tableLead(spec) : 0))
      l.space(4)
      outline.addItem(`Stage ${stage.stage}: ${stage.name}`)
      l.h2(`Stage ${stage.stage} · ${stage.name}`)
      l.paragraph(stage.goal, { font: 'italic', size: 8.8, color: COLOURS.muted, gap: 2 })
      l.paragraph(stage.note, { size: 8.2, color: COLOURS.muted, gap: 8 })
      if (stage.rows.length > 0) l.table(spec)
    }
  }

  private deliverable(d: Deliverable): void {
    const { l } = this
    l.ensure(120)
    l.space(6)
    l.h2(d.title, [DELIVERABLE_BADGE[d.status]])
    l.paragraph(`Stage ${d.stage}${d.why ? ` · ${d.why}` : ''}`, {
      font: 'italic',
      size: 8.5,
      color: d.status === 'missing' ? '#8A1C1C' : COLOURS.muted,
      gap: 8,
    })
    if (d.status === 'ready' && printsNothing(d))
      l.paragraph(REPORT_PHRASES.emptyDeliverable, { color: COLOURS.muted })
    for (const s of d.sections) {
      if (s.heading) l.h3(s.heading)
      for (const p of s.paragraphs ?? []) l.paragraph(p, { size: 9 })
      if (s.table && s.table.columns.length > 0) {
        const widths = l.autoShares(s.table.columns, s.table.rows, SIZES.small)
        l.table({
          columns: s.table.columns.map((c, i) => col(c, widths[i] ?? 0)),
          rows: s.table.rows.map((row) =>
            s.table!.columns.map((_, i) => [
              text(row[i] ?? '', i === 0 ? 'semibold' : 'regular', SIZES.small),
            ]),
          ),
          continued: `${d.title} (continued)`,
        })
      }
    }
  }

  private deliverables(outline: PDFKit.PDFOutline): void {
    for (const d of this.m.deliverables.items) {
      this.l.ensure(120)
      outline.addItem(d.title)
      this.deliverable(d)
    }
  }

  private timelineChart(): void {
    const { doc, l, m } = this
    const x = PAGE.marginX
    const w = CONTENT_WIDTH
    l.ensure(110)
    const top = l.y + 30
    const barH = 22
    const px = (hour: number): number => x + (Math.min(hour, 48) / 48) * w
    m.timeline.windows.forEach((win, i) => {
      doc
        .save()
        .rect(px(win.from), top, px(win.to) - px(win.from), barH)
        .fill(i % 2 === 0 ? '#E4EBF4' : '#D3DEEC')
        .restore()
    })
    const bounds = [...new Set(m.timeline.windows.flatMap((win) => [win.from, win.to]))]
    for (const hour of bounds) {
      doc
        .save()
        .moveTo(px(hour), top + barH)
        .lineTo(px(hour), top + barH + 4)
        .lineWidth(0.6)
        .stroke(COLOURS.faint)
        .restore()
      l.line(hour === 0 ? '0 h' : String(hour), px(hour) - 15, top + barH + 6, {
        size: 6.8,
        color: COLOURS.muted,
        width: 30,
        align: 'center',
      })
    }
    const runs = m.timeline.windows.flatMap((win) => win.runs)
    for (const r of runs) {
      const rx = px(r.hour)
      const n = this.runNumbers.get(r.id) ?? 0
      doc
        .save()
        .moveTo(rx, top - 5)
        .lineTo(rx, top + barH)
        .lineWidth(1.1)
        .stroke(COLOURS.ink)
        .restore()
      if (r.baseline)
        doc
          .save()
          .rect(rx - 4, top - 14, 8, 8)
          .fill(COLOURS.accent)
          .restore()
      else if (r.current)
        doc
          .save()
          .circle(rx, top - 10, 4.2)
          .fill(COLOURS.navy)
          .restore()
      else
        doc
          .save()
          .circle(rx, top - 10, 3.8)
          .lineWidth(1.1)
          .fillAndStroke(COLOURS.white, COLOURS.ink)
          .restore()
      l.line(`#${n}`, rx - 20, top - 27, {
        font: 'semibold',
        size: 7,
        color: COLOURS.ink,
        width: 40,
        align: 'center',
      })
    }
    l.y = top + barH + 24
    l.paragraph(
      'Hollow circle: a run; filled circle: this run; square: the accepted baseline. Numbers match the runs listed below.',
      {
        size: 7.6,
        color: COLOURS.muted,
        gap: 10,
      },
    )
  }

  private timeline(): void {
    const { l, m } = this
    this.timelineChart()
    l.table({
      columns: [col('Window', 0.15), col('What the sprint does', 0.49), col('Runs', 0.36)],
      rows: m.timeline.windows.map((w): Cell[] => [
        [
          text(w.label, 'semibold'),
          text(`stages ${w.stages.join(', ')}`, 'regular', SIZES.tiny, COLOURS.muted),
        ],
        [text(w.work, 'regular', SIZES.small)],
        w.runs.length === 0
          ? [text(REPORT_PHRASES.noRunInWindow, 'italic', SIZES.small, COLOURS.muted)]
          : w.runs.flatMap((r) => runLine(r, this.runNumbers.get(r.id) ?? 0)),
      ]),
      continued: '48-hour sprint timeline (continued)',
    })
    if (m.timeline.afterSprint.length > 0) {
      l.h3('After the 48 hours')
      l.table({
        columns: [col('Run', 1)],
        rows: m.timeline.afterSprint.map((r) => [runLine(r, this.runNumbers.get(r.id) ?? 0)]),
        continued: 'After the 48 hours (continued)',
      })
    }
  }

  private openRisks(): void {
    const items = this.m.openRisks.items
    if (items.length === 0) return
    this.l.table({
      columns: [
        col('Priority', 0.1),
        col('Due', 0.12),
        col('Finding', 0.34),
        col('Owner', 0.12),
        col('Next step', 0.32),
      ],
      rows: items.map((r): Cell[] => [
        [badges(PRIORITY_BADGE[r.priority])],
        [text(r.due, 'regular', SIZES.small)],
        [...(r.ref ? [text(r.ref, 'semibold', SIZES.small, COLOURS.muted)] : []), ...finding(r)],
        ownerCell(r.owner),
        [text(r.nextStep, 'regular', SIZES.small)],
      ]),
      continued: 'Open risks and next steps (continued)',
    })
  }

  private firstWeek(): void {
    this.l.table({
      columns: [col('Day', 0.08), col('Focus', 0.4), col('What to watch', 0.52)],
      rows: this.m.firstWeek.days.map((d): Cell[] => [
        [text(String(d.day), 'bold', 14, COLOURS.navy)],
        [text(d.focus, 'regular', SIZES.small)],
        d.watch.length === 0
          ? [text(REPORT_PHRASES.quietDay, 'italic', SIZES.small, COLOURS.muted)]
          : d.watch.map((w) => text(`• ${w}`, 'regular', SIZES.small)),
      ]),
      continued: 'First 7 days (continued)',
    })
  }

  private appendix(): void {
    const { l, m } = this
    const a = m.appendix
    const facts: [string, string][] = [
      ['Report schema', m.schema],
      ['Engine version', a.engine],
      ['Run', `${a.runId} (${a.runStatus})`],
      ['Started', a.startedAt],
      ['Finished', a.finishedAt ?? 'not recorded'],
      ['Baseline', a.baseline ?? 'none accepted'],
      ['Issued', m.meta.creationDate],
      ['Runs on record', a.runs.length > 0 ? a.runs.join('\n') : 'none'],
    ]
    l.table({
      columns: [col('Item', 0.25), col('Value', 0.75)],
      rows: facts.map(([k, v]): Cell[] => [[text(k, 'semibold')], [mono(v, COLOURS.body)]]),
      continued: 'Appendix (continued)',
    })
    l.h3('Check versions')
    const per = 3
    const rows: Cell[][] = []
    for (let i = 0; i < a.checks.length; i += per) {
      const slice = a.checks.slice(i, i + per)
      rows.push(
        Array.from({ length: per }, (_, j) => slice[j]).flatMap((c): Cell[] =>
          c ? [[mono(c.id, COLOURS.body)], [mono(`v${c.version}`, COLOURS.body)]] : [[], []],
        ),
      )
    }
    if (rows.length === 0) l.paragraph('No check ran in this run.', { color: COLOURS.muted })
    else
      l.table({
        columns: [
          col('Check', 0.25),
          col('Ver.', 0.08),
          col('Check', 0.25),
          col('Ver.', 0.08),
          col('Check', 0.26),
          col('Ver.', 0.08),
        ],
        rows,
        continued: 'Check versions (continued)',
      })
    l.h3('Attestations')
    if (a.attestations.length === 0) {
      l.paragraph('No attestation was recorded for this run.', { color: COLOURS.muted })
      return
    }
    l.table({
      columns: [col('Check', 0.22), col('Answer', 0.1), col('By', 0.13), col('At', 0.22), col('Note', 0.33)],
      rows: a.attestations.map((t): Cell[] => [
        [mono(t.check, COLOURS.body), ...(t.subject ? [mono(t.subject)] : [])],
        [text(t.status, 'semibold')],
        [text(t.by)],
        [mono(t.at, COLOURS.body)],
        [text(t.note ?? '', 'regular', SIZES.small)],
      ]),
      continued: 'Attestations (continued)',
    })
  }

  /** Running head and "page X of Y" on every page but the cover. */
  private pageFurniture(): void {
    const { doc, l, m } = this
    const { start, count } = doc.bufferedPageRange()
    for (let i = start; i < start + count; i++) {
      if (i === 0) continue
      doc.switchToPage(i)
      const x = PAGE.marginX
      l.line(`${m.cover.client} · ${m.cover.engagement}`, x, 34, {
        font: 'semibold',
        size: 7.4,
        color: COLOURS.muted,
      })
      l.line(l.pageSections[i] ?? '', x, 34, { size: 7.4, color: COLOURS.muted, align: 'right' })
      l.rule(COLOURS.rule, 48)
      const fy = PAGE.height - 42
      l.rule(COLOURS.rule, fy - 8)
      l.line(
        `Handover pack · ${m.cover.verdict} · run ${m.cover.runId} · issued ${m.cover.dateLabel}`,
        x,
        fy,
        {
          size: 7,
          color: COLOURS.faint,
        },
      )
      l.line(`Page ${i + 1} of ${count}`, x, fy, {
        font: 'semibold',
        size: 7.4,
        color: COLOURS.muted,
        align: 'right',
      })
    }
    doc.switchToPage(start + count - 1)
  }
}

/** Renders the handover PDF; the same model always gives the same bytes. */
export function renderReportPdf(model: ReportModel, options: RenderOptions = {}): Promise<Buffer> {
  const created = new Date(model.meta.creationDate)
  const info = options.info ?? {}
  const doc = new PDFDocument({
    size: PAGE.size,
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.marginX, right: PAGE.marginX },
    autoFirstPage: false,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: 'en',
    displayTitle: true,
    info: {
      Title: info.title ?? model.meta.title,
      Author: info.author ?? model.meta.author,
      Subject: info.subject ?? model.meta.subject,
      Keywords: info.keywords ?? model.meta.keywords.join(', '),
      Creator: info.creator ?? model.meta.creator,
      Producer: info.producer ?? 'Handover (pdfkit)',
      CreationDate: created,
      ModDate: created,
    },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  registerFonts(doc, options.fontsDir)
  new ReportPdf(doc, model).draw()
  options.beforeEnd?.(doc)
  doc.end()
  return done
}
