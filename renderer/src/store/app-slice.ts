// The app slice: the static sprint description, theme, route, dialogs and notices.
import type { StateCreator } from 'zustand'
import { bridge, type ValueOf } from '../api'
import type { Store } from './index'
import { routeToHash, type Notice, type Popup, type Route } from './types'

/** The static description of the sprint, the theme and where the user is. */
export interface AppSlice {
  info?: ValueOf<'info'>
  theme: 'light' | 'dark'
  route: Route
  popup?: Popup
  notices: Notice[]
  /** One polite line for screen readers (milestones only). */
  announcement: string
  fatal?: string
  navigate(route: Route): void
  setTheme(theme: 'light' | 'dark'): void
  openPopup(popup: Popup): void
  closePopup(): void
  notify(text: string, tone?: Notice['tone']): void
  dismiss(id: number): void
  announce(text: string): void
  loadInfo(): Promise<void>
}

let noticeId = 0

export const createAppSlice: StateCreator<Store, [], [], AppSlice> = (set, get) => ({
  theme: 'light',
  route: { screen: 'overview' },
  notices: [],
  announcement: '',
  navigate(route) {
    if (routeToHash(route) !== location.hash) history.pushState(null, '', routeToHash(route))
    set({ route })
  },
  setTheme(theme) {
    document.documentElement.dataset.theme = theme
    try {
      localStorage.setItem('handover-theme', theme)
    } catch {
      // storage may be unavailable; the theme still applies for this session
    }
    set({ theme })
  },
  openPopup: (popup) => set({ popup }),
  closePopup: () => set({ popup: undefined }),
  notify(text, tone = 'info') {
    const id = ++noticeId
    set((s) => ({ notices: [...s.notices.slice(-2), { id, text, tone }] }))
    if (tone === 'info') setTimeout(() => get().dismiss(id), 6000)
  },
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  announce: (text) => set({ announcement: text }),
  async loadInfo() {
    const api = bridge()
    if (!api) return set({ fatal: 'The engine bridge is not available: open the app through `handover ui`.' })
    const info = await api.info()
    if (info.ok) set({ info: info.value })
    else set({ fatal: info.error.message })
  },
})
