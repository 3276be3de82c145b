// Renders the fixture sprint's pack once in this process and prints how its words were shaped and the PDF's hash.
// Used by font-shaping.test.ts to compare fresh processes (HANDOVER_CACHE_DIR decides where the memory lives).
import { createHash } from 'node:crypto'
import { buildReport } from '../../../src/report/model'
import { renderReportPdf } from '../../../src/report/pdf'
import { shapingCounts } from '../../../src/report/pdf/fonts'
import { fixtureInput } from '../../fixtures/report/load'

const pdf = await renderReportPdf(buildReport(fixtureInput()))
process.stdout.write(
  JSON.stringify({ ...shapingCounts(), sha256: createHash('sha256').update(pdf).digest('hex') }),
)
