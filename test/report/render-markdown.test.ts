import { describe, expect, it } from 'vitest'
import { reportToMarkdown } from '../../src/report/markdown'
import { buildReport, REPORT_SECTIONS } from '../../src/report/model'
import { fixtureInput, result, runWith } from '../fixtures/report/load'

describe('Markdown export', () => {
  const model = buildReport(fixtureInput())
  const md = reportToMarkdown(model)

  it('has every section title as a numbered heading, in the PDF order', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('## '))
    expect(headings).toEqual(REPORT_SECTIONS.map((key, i) => `## ${i + 1}. ${model[key].title}`))
  })

  it('opens with the title and the verdict', () => {
    expect(
      md.startsWith('# Handover pack — Brightwater client portal\n\n**Launch-ready: no — 5 blockers.**'),
    ).toBe(true)
  })

  it('lists every deliverable, missing ones with their reason', () => {
    for (const d of model.deliverables.items) expect(md).toContain(`### ${d.title} (${d.status})`)
    expect(md).toContain(
      '### Mail deliverability checklist (missing)\n\nStage 4 · Not produced for this run.',
    )
  })

  it('keeps table rows intact when a cell holds a pipe or a line break', () => {
    const tricky = buildReport({
      run: runWith([
        result({
          check: 'surface.cors',
          status: 'fail',
          severity: 'critical',
          title: 'Origin a|b reflected',
          evidence: [
            { label: 'one', value: 'x' },
            { label: 'two', value: 'y' },
          ],
        }),
      ]),
      engagement: { name: 'Example', hosts: [] },
      now: '2025-01-02T00:00:00Z',
    })
    const row = reportToMarkdown(tricky)
      .split('\n')
      .find((l) => l.startsWith('| fail (critical) R01 |'))
    expect(row).toBe(
      '| fail (critical) R01 | Origin a\\|b reflected — `surface.cors` · app.example.test | one: x<br>two: y |',
    )
  })

  it('is the same text for the same model', () => {
    expect(reportToMarkdown(buildReport(fixtureInput()))).toBe(md)
  })
})
