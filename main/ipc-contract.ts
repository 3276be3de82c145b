// The IPC contract, declared once: channel → argument and result types (after GitHub Desktop's ipc-shared).
import type { Stage } from '../src/core/types'

/** What the engine reports back across IPC: data or an expected failure, never a thrown Error. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } }

export interface RunListing {
  id: string
  startedAt: string
  status: string
  launchReady: boolean
  fail: number
}

export interface IpcContract {
  'app:info': {
    args: []
    result: { version: string; stages: { stage: Stage; name: string; goal: string; hours: string }[] }
  }
  'workspace:runs': { args: [dir: string]; result: RunListing[] }
}

export type Channel = keyof IpcContract
export const CHANNELS: readonly Channel[] = ['app:info', 'workspace:runs']
