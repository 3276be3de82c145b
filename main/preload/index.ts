// The preload bridge (sandboxed, CommonJS): the contract's API over IPC, exposed as window.handover.
// The only place with ipcRenderer; everything else in the renderer sees the typed API object.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { createApi, type Transport } from '../api'

const transport: Transport = {
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  on(channel, listener) {
    const handler = (_event: IpcRendererEvent, payload: unknown): void =>
      listener(payload as Parameters<typeof listener>[0])
    ipcRenderer.on(channel, handler)
    return () => {
      ipcRenderer.removeListener(channel, handler)
    }
  },
}

contextBridge.exposeInMainWorld('handover', createApi(transport))
