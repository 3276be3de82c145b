// Who a process is, beyond its pid: host, start time, and on Linux the kernel's start tick (a reused pid differs).
import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'

/** A process that holds a workspace lock or writes a run. */
export interface ProcessIdentity {
  pid: number
  host: string
  /** When the process started (ISO time; for people). */
  startedAt: string
  /** /proc/PID/stat field 22, the start time in clock ticks since boot (Linux only; tells a reused pid). */
  procStart?: string
}

/** What is known of a recorded process now. */
export type ProcessState = 'live' | 'dead' | 'reused' | 'other-host'

/** The start tick of `pid` from /proc, or undefined where there is no /proc or no such process. */
function procStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[19]
  } catch {
    return undefined
  }
}

let self: ProcessIdentity | undefined

/** This process. */
export function currentProcess(): ProcessIdentity {
  if (!self) {
    const procStart = procStartOf(process.pid)
    self = {
      pid: process.pid,
      host: hostname(),
      startedAt: new Date(Date.now() - Math.round(process.uptime() * 1000)).toISOString(),
      ...(procStart ? { procStart } : {}),
    }
  }
  return self
}

/** Live, dead, or its pid now belongs to another process; a process on another host cannot be asked. */
export function processState(p: ProcessIdentity): ProcessState {
  if (p.host !== hostname()) return 'other-host'
  try {
    process.kill(p.pid, 0)
  } catch (err) {
    // EPERM: the pid exists but belongs to another user.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return 'dead'
  }
  if (p.procStart !== undefined) {
    const now = procStartOf(p.pid)
    if (now === undefined) return 'dead'
    if (now !== p.procStart) return 'reused'
  }
  return 'live'
}

/** "process 1234 on host-a, started 2026-12-02T13:00:00.000Z" */
export function describeProcess(p: ProcessIdentity): string {
  return `process ${p.pid} on ${p.host}, started ${p.startedAt}`
}
