// The preload bridge: the renderer's whole view of the engine. Its type is derived from this object.
import { contextBridge, ipcRenderer } from 'electron'
import type { Channel, IpcContract, IpcResult } from '../ipc-contract'

function invoke<C extends Channel>(
  channel: C,
  ...args: IpcContract[C]['args']
): Promise<IpcResult<IpcContract[C]['result']>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<IpcResult<IpcContract[C]['result']>>
}

const api = {
  appInfo: () => invoke('app:info'),
  runs: (dir: string) => invoke('workspace:runs', dir),
}

/** The API the renderer sees as `window.handover`. */
export type HandoverApi = typeof api

contextBridge.exposeInMainWorld('handover', api)
