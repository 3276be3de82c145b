// Prints, at the end of the run, every suite that was skipped for a missing tool (outside CI only).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'handover-skips-'))
  const log = path.join(dir, 'skipped.txt')
  process.env.HANDOVER_SKIP_LOG = log
  return () => {
    let lines: string[] = []
    try {
      lines = [...new Set(readFileSync(log, 'utf8').trim().split('\n').filter(Boolean))]
    } catch {
      // nothing skipped
    }
    rmSync(dir, { recursive: true, force: true })
    if (lines.length > 0) {
      const bar = '!'.repeat(78)
      console.log(
        `\n${bar}\n!! SUITES NOT RUN (missing tools):\n${lines.map((l) => `!!   ${l}`).join('\n')}\n${bar}\n`,
      )
    }
  }
}
