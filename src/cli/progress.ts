// Live progress: one redrawn line on a terminal, plain lines otherwise (CI logs).
import type { ProgressEvent } from '../engine/runner'
import { palette, type Io } from './io'

/** Turns the runner's progress events into progress lines on stderr (nothing when quiet). */
export function progressReporter(
  io: Io,
  quiet = false,
): { onProgress: (e: ProgressEvent) => void; done: () => void } {
  const tty = Boolean(io.err.isTTY)
  const c = palette(io.err, io.env)
  const running = new Set<string>()
  let total = 0
  let last = ''
  const draw = (text: string): void => {
    const width = Math.max(20, (io.err.columns ?? 100) - 1)
    const line = text.length > width ? `${text.slice(0, width - 1)}…` : text
    io.err.write(`\r\u001b[2K${line}`)
    last = line
  }
  return {
    onProgress(e) {
      if (quiet) return
      if (e.type === 'planned') {
        total = e.probes
        io.err.write(`${c.dim(`run ${e.runId}: ${e.checks} checks, ${e.probes} probes`)}\n`)
      } else if (e.type === 'probe-started') {
        running.add(`${e.kind} ${e.subject}`)
      } else if (e.type === 'probe-finished') {
        running.delete(`${e.kind} ${e.subject}`)
        const status = e.ok ? 'ok   ' : `${e.code ?? 'error'} `
        if (tty) {
          const now = [...running].slice(0, 2).join(', ')
          draw(
            `[${String(e.done).padStart(String(total).length)}/${total}] ${now ? `probing ${now}` : 'evaluating…'}`,
          )
        } else {
          io.err.write(
            `[${String(e.done).padStart(String(total).length)}/${total}] ${status} ${e.kind} ${e.subject} (${e.durationMs} ms)\n`,
          )
        }
      }
    },
    done() {
      if (tty && last) io.err.write('\r\u001b[2K')
    },
  }
}
