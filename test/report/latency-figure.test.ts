// Issue 12: the pack draws each core read's latency distribution (the sampler's observation) as a histogram with
// the 300 ms target line and the p95 marked, from a real stage-6 sample of the demo lab: the flawed lab's slow
// tail crosses the line, the fixed lab's reads stay left of it.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../src/core/types'
import { LATENCY_TARGET_MS, percentiles, type LatencyObservation } from '../../src/monitoring/latency'
import { buildReport, type LatencyFigure } from '../../src/report/model'
import { renderReportPdf } from '../../src/report/pdf'
import { auditLab, startTestLab, type TestLab } from '../helpers/lab'
import { haveTools } from '../helpers/tools'

function reportOf(run: Run) {
  return buildReport({
    run,
    engagement: { name: 'Acme client portal', hosts: run.engagement.hosts },
    now: '2026-12-02T18:00:00Z',
  })
}

/** The samples the monitor.latency result cites, read from the run's observation. */
function samplesOf(run: Run): number[] {
  const r = run.results.find((x) => x.check === 'monitor.latency')!
  const key = r.evidence.find((e) => e.observation)!.observation!
  return (run.observations[key]!.data as LatencyObservation).samplesMs
}

describe.skipIf(!haveTools('latency figure', 'pdftotext', 'pdftoppm'))(
  'the latency histogram in the pack',
  { timeout: 180_000 },
  () => {
    let t: TestLab
    let dir: string
    const runs: Partial<Record<'flawed' | 'fixed', Run>> = {}
    beforeAll(async () => {
      t = await startTestLab('flawed')
      dir = mkdtempSync(path.join(tmpdir(), 'handover-latency-figure-'))
      runs.flawed = await auditLab(t, ['monitor.latency'])
      t.lab.setMode('fixed')
      runs.fixed = await auditLab(t, ['monitor.latency'])
    }, 180_000)
    afterAll(async () => {
      await t?.stop()
      if (dir) rmSync(dir, { recursive: true, force: true })
    })

    it('bins every answered sample of the core read in 50 ms bars, with its p95 and the 300 ms target', () => {
      for (const mode of ['flawed', 'fixed'] as const) {
        const run = runs[mode]!
        const samples = samplesOf(run)
        expect(samples.length, mode).toBeGreaterThan(150)
        const figures: LatencyFigure[] = reportOf(run).targets.latency
        expect(figures).toHaveLength(1)
        const f = figures[0]!
        expect(f.subject).toBe('https://api.acme.test/api/projects')
        expect(f.count).toBe(samples.length)
        expect(f.bins.reduce((n, b) => n + b.count, 0)).toBe(samples.length)
        expect(f.p95).toBe(percentiles(samples).p95)
        expect(f.targetMs).toBe(LATENCY_TARGET_MS)
        // Each bar counts exactly the samples in its 50 ms.
        for (const b of f.bins.slice(0, -1))
          expect(b.count).toBe(samples.filter((s) => s >= b.from && s < b.to).length)
      }
      const over = (f: LatencyFigure) =>
        f.bins.filter((b) => b.from >= LATENCY_TARGET_MS).reduce((n, b) => n + b.count, 0)
      // The lab's flawed tail is 10 % of reads at 350–1000 ms; the fixed reads take 8–38 ms.
      expect(over(reportOf(runs.flawed!).targets.latency[0]!)).toBeGreaterThanOrEqual(15)
      expect(reportOf(runs.flawed!).targets.latency[0]!.p95).toBeGreaterThan(LATENCY_TARGET_MS)
    })

    it('draws the figure on the targets page: title, p95, target line and legend, in the rendered pixels', async () => {
      const model = reportOf(runs.flawed!)
      const f = model.targets.latency[0]!
      const file = path.join(dir, 'pack.pdf')
      writeFileSync(file, await renderReportPdf(model))
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
      const pages = text.split('\f')
      const page = pages.findIndex((p) => p.includes('Latency of https://api.acme.test/api/projects'))
      expect(page).toBeGreaterThan(0)
      const onPage = pages[page]!
      expect(onPage).toContain(`${f.count} answered samples`)
      expect(onPage).toContain(`p95 ${Math.round(f.p95)} ms`)
      expect(onPage).toContain('300 ms target')
      expect(onPage).toMatch(/Bars: samples per 50 ms/)
      // The bars are ink: the page has pixels of both the under-target and the over-target colour.
      const png = path.join(dir, 'page')
      execFileSync('pdftoppm', [
        '-f',
        String(page + 1),
        '-l',
        String(page + 1),
        '-r',
        '50',
        '-png',
        '-singlefile',
        file,
        png,
      ])
      const ppm = execFileSync('pdftoppm', ['-f', String(page + 1), '-l', String(page + 1), '-r', '50', file])
      const { colours } = pixels(ppm)
      expect(colours.has('1d5fa8'), 'blue bars').toBe(true)
      expect(colours.has('a61b1b'), 'red bars').toBe(true)
      expect(readFileSync(`${png}.png`).length).toBeGreaterThan(1000)
      // Without samples there is no figure: the fixed lab's figure has no red bar at all.
      const fixed = reportOf(runs.fixed!).targets.latency[0]!
      expect(fixed.bins.filter((b) => b.from >= LATENCY_TARGET_MS && b.count > 0)).toEqual([])
    })
  },
)

/** The distinct colours of a binary PPM (P6) image, as hex. */
function pixels(ppm: Buffer): { colours: Set<string> } {
  // Header: P6\n<w> <h>\n<max>\n
  let offset = 0
  let fields = 0
  while (fields < 4) {
    while (/\s/.test(String.fromCharCode(ppm[offset]!))) offset++
    while (!/\s/.test(String.fromCharCode(ppm[offset]!))) offset++
    fields++
  }
  offset++
  const colours = new Set<string>()
  for (let i = offset; i + 2 < ppm.length; i += 3)
    colours.add(((ppm[i]! << 16) | (ppm[i + 1]! << 8) | ppm[i + 2]!).toString(16).padStart(6, '0'))
  return { colours }
}
