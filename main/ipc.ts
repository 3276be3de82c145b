// The only place with ipcMain: typed handlers, arguments narrowed from unknown, untrusted senders dropped.
import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import type { Channel, IpcContract, IpcResult } from './ipc-contract'

type Handler<C extends Channel> = (
  ...args: IpcContract[C]['args']
) => Promise<IpcResult<IpcContract[C]['result']>>

/** Registers a handler; `validate` turns unknown arguments into typed ones or says why not. */
export function handle<C extends Channel>(
  channel: C,
  validate: (args: unknown[]) => IpcContract[C]['args'] | string,
  handler: Handler<C>,
  trusted: (event: IpcMainInvokeEvent) => boolean,
): void {
  ipcMain.handle(channel, async (event, ...raw: unknown[]) => {
    if (!trusted(event))
      return {
        ok: false,
        error: { code: 'IPC_UNTRUSTED', message: 'message from an untrusted frame dropped' },
      }
    const args = validate(raw)
    if (typeof args === 'string') return { ok: false, error: { code: 'IPC_BAD_ARGS', message: args } }
    return handler(...args)
  })
}
