// The renderer's state: one zustand store built from slices; engine calls live in actions.
import { create } from 'zustand'
import type { HandoverApi } from '../../main/preload'

type AppInfo = Extract<Awaited<ReturnType<HandoverApi['appInfo']>>, { ok: true }>['value']

interface AppSlice {
  info?: AppInfo
  error?: string
  loadInfo(): Promise<void>
}

declare global {
  interface Window {
    handover?: HandoverApi
  }
}

export const useStore = create<AppSlice>()((set) => ({
  async loadInfo() {
    const api = window.handover
    if (!api) return set({ error: 'The engine bridge is not available.' })
    const info = await api.appInfo()
    set(info.ok ? { info: info.value, error: undefined } : { error: info.error.message })
  },
}))
