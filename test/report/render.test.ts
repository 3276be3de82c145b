import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildReport, REPORT_SECTIONS, type ReportModel } from '../../src/report/model'
import { renderReportPdf } from '../../src/report/pdf'
import { fixtureInput, runWith } from '../fixtures/report/load'
import { haveTools } from '../helpers/tools'

const run = (tool: string, ...args: string[]): string => execFileSync(tool, args, { encoding: 'utf8' })

/** Text of one page (1-based), or of the whole document. */
const pageText = (file: string, page?: number): string =>
  run('pdftotext', ...(page ? ['-f', String(page), '-l', String(page)] : []), '-layout', file, '-')

describe.skipIf(!haveTools('report rendering', 'pdftotext', 'pdftoppm', 'pdfinfo', 'pdffonts'))(
  'handover PDF',
  () => {
    let dir: string
    let file: string
    let pdf: Buffer
    let model: ReportModel
    let hookCalls: { pages: number; onLastPage: boolean }[]

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'handover-report-'))
      model = buildReport(fixtureInput())
      hookCalls = []
      pdf = await renderReportPdf(model, {
        beforeEnd: (doc) => {
          const { start, count } = doc.bufferedPageRange()
          hookCalls.push({ pages: count, onLastPage: doc.page === doc.switchToPage(start + count - 1) })
        },
      })
      file = path.join(dir, 'handover.pdf')
      writeFileSync(file, pdf)
    })

    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    it('renders every page to an image', () => {
      const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', file))?.[1])
      run('pdftoppm', '-r', '50', '-png', file, path.join(dir, 'page'))
      expect(readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png'))).toHaveLength(pages)
      expect(pages).toBeGreaterThan(10)
    })

    it('prints the verdict on the cover and every section title', () => {
      expect(pageText(file, 1)).toContain('Launch-ready: no — 5 blockers')
      const all = pageText(file)
      for (const key of REPORT_SECTIONS) expect(all, key).toContain(model[key].title)
      for (const d of model.deliverables.items) expect(all, d.id).toContain(d.title)
    })

    it('carries the title, author, subject and creation date of the model', () => {
      const info = run('pdfinfo', file)
      expect(info).toContain('Title:           Handover pack — Brightwater client portal')
      expect(info).toContain('Author:          Dana Okafor')
      expect(info).toContain('Launch-ready: no — 5 blockers')
      expect(info).toMatch(/CreationDate:\s+Wed Jun\s+4 06:00:00 2025 UTC/)
    })

    it('embeds every font it uses', () => {
      const rows = run('pdffonts', file).trim().split('\n').slice(2)
      expect(rows.length).toBeGreaterThanOrEqual(4)
      // Columns: name type encoding emb sub uni object-id generation; "emb" is fourth from the end.
      for (const row of rows) expect(row.trim().split(/\s+/).at(-5), row).toBe('yes')
    })

    it('numbers pages as "Page X of Y" and repeats a table header on the page it continues onto', () => {
      const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', file))?.[1])
      expect(pageText(file, 2)).toContain(`Page 2 of ${pages}`)
      const texts = Array.from({ length: pages }, (_, i) => pageText(file, i + 1))
      const start = texts.findIndex(
        (t) => t.includes('Environment variable inventory') && t.includes('DATABASE_URL'),
      )
      const next = texts[start + 1] ?? ''
      expect(start).toBeGreaterThan(0)
      expect(next).toContain('Environment variable inventory (continued)')
      expect(next).toMatch(/KEY\s+ENVIRONMENTS\s+OWNER\s+PURPOSE\s+ROTATION/)
    })

    it('has an outline entry and a contents link for each section', () => {
      const raw = pdf.toString('latin1')
      expect(raw).toContain('/Outlines')
      REPORT_SECTIONS.forEach((key, i) => expect(raw, key).toContain(`(${i + 1}. ${model[key].title})`))
      const dests = run('pdfinfo', '-dests', file)
      for (const key of REPORT_SECTIONS) expect(dests).toContain(`section-${key}`)
    })

    it('calls the signing hook once, on the last page, after every page exists', () => {
      const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', file))?.[1])
      expect(hookCalls).toEqual([{ pages, onLastPage: true }])
    })

    // How fast it renders is bench/report's figure (npm run bench:report), not a test's: a timed test fails on load.
    it('is reproducible and small', async () => {
      expect(Buffer.compare(await renderReportPdf(model), pdf)).toBe(0)
      expect(pdf.length).toBeLessThan(1_000_000)
    })

    it('renders a run with no data, saying so in each section', async () => {
      const empty = buildReport({
        run: runWith([]),
        engagement: { name: 'Bare portal', hosts: [] },
        now: '2025-01-02T00:00:00Z',
      })
      const bare = path.join(dir, 'bare.pdf')
      writeFileSync(bare, await renderReportPdf(empty))
      run('pdftoppm', '-r', '30', '-png', bare, path.join(dir, 'bare'))
      const all = pageText(bare).replace(/\s+/g, ' ')
      expect(all).toContain('Launch-ready: no — 7 minimum-bar items not confirmed')
      expect(all).toContain('No release baseline has been accepted yet')
      expect(all).toContain('No check of this stage ran in this run.')
      expect(all).toContain('No attestation was recorded for this run.')
    })
  },
)
