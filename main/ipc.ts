// The only place with ipcMain: one handler per contract channel, untrusted senders dropped before validation,
// arguments validated by the service's dispatch (zod), events sent through one typed function.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { REQUESTS, type BridgeResult, type EventChannel, type Events } from './contract'

/** Registers every request channel of the contract; `trusted` decides per message whether its sender may ask. */
export function handleAll(
  dispatch: (channel: string, args: unknown) => Promise<BridgeResult<unknown>>,
  trusted: (event: IpcMainInvokeEvent) => boolean,
): void {
  for (const channel of Object.keys(REQUESTS)) {
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      if (!trusted(event))
        return {
          ok: false,
          error: { code: 'IPC_UNTRUSTED', message: 'A message from an untrusted frame was dropped.' },
        }
      return dispatch(channel, args)
    })
  }
}

/** Removes every handler (before the window is rebuilt, and in tests). */
export function removeAll(): void {
  for (const channel of Object.keys(REQUESTS)) ipcMain.removeHandler(channel)
}

/** Sends one contract event to a window. */
export function send<E extends EventChannel>(target: WebContents, channel: E, payload: Events[E]): void {
  if (!target.isDestroyed()) target.send(channel, payload)
}
