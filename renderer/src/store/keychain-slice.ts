// The credentials slice: names and states only. A value typed into the dialog goes straight to the engine
// and is never kept here.
import type { StateCreator } from 'zustand'
import { bridge, type ValueOf } from '../api'
import type { Store } from './index'

/** The keychain's state as the credentials screen shows it. */
export interface KeychainSlice {
  credentials?: ValueOf<'credentials'>
  loadCredentials(): Promise<void>
  setCredential(name: string, value: string): Promise<boolean>
  deleteCredential(name: string): Promise<void>
}

export const createKeychainSlice: StateCreator<Store, [], [], KeychainSlice> = (set, get) => ({
  async loadCredentials() {
    const view = await bridge()!.credentials()
    if (view.ok) set({ credentials: view.value })
    else get().notify(view.error.message, 'error')
  },
  async setCredential(name, value) {
    const view = await bridge()!.setCredential(name, value)
    if (!view.ok) {
      get().notify(view.error.message, 'error')
      return false
    }
    set({ credentials: view.value })
    get().announce(`Credential ${name} stored`)
    get().notify(`${name} is stored in the ${view.value.keychain}.`)
    return true
  },
  async deleteCredential(name) {
    const view = await bridge()!.deleteCredential(name)
    if (!view.ok) return get().notify(view.error.message, 'error')
    set({ credentials: view.value })
    get().announce(`Credential ${name} deleted`)
  },
})
