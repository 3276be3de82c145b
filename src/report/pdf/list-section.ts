// A section of the pack that is one table of a model list (block list, risk register, regressions, open risks).
import type { ReportModel } from '../model'
import { continued } from './cells'
import type { Cell, Column } from './layout'
import type { PdfSection } from './pack-pdf'

/** A section that draws a model list as a table, one row per item, continued under its title; nothing when empty. */
export function listSection<T>(spec: {
  breakBefore: boolean
  list: (m: ReportModel) => { title: string; items: readonly T[] }
  columns: Column[]
  row: (item: T) => Cell[]
}): PdfSection {
  return {
    breakBefore: spec.breakBefore,
    draw({ l, m }) {
      const { title, items } = spec.list(m)
      if (items.length === 0) return
      l.table({ columns: spec.columns, rows: items.map(spec.row), continued: continued(title) })
    },
  }
}
