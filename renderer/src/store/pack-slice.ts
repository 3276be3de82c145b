// The pack slice: export the signed PDF, and verify a pack someone sent (the founder's job).
import type { StateCreator } from 'zustand'
import { bridge, type ValueOf } from '../api'
import type { Store } from './index'

/** The last exported pack and the last verification. */
export interface PackSlice {
  exporting: boolean
  exported?: ValueOf<'exportPack'>
  verifying: boolean
  verification?: ValueOf<'verifyPack'>
  verifyError?: string
  exportPack(runId: string): Promise<void>
  verifyPath(path: string): Promise<void>
  verifyFile(file: File): Promise<void>
}

function base64(bytes: ArrayBuffer): string {
  const view = new Uint8Array(bytes)
  let text = ''
  // In slices: String.fromCharCode with a spread of a large array overflows the stack.
  for (let i = 0; i < view.length; i += 0x8000) text += String.fromCharCode(...view.subarray(i, i + 0x8000))
  return btoa(text)
}

/** Reads a picked file into the upload shape the contract takes. */
export async function toUpload(file: File): Promise<{ name: string; base64: string }> {
  return { name: file.name, base64: base64(await file.arrayBuffer()) }
}

export const createPackSlice: StateCreator<Store, [], [], PackSlice> = (set, get) => ({
  exporting: false,
  verifying: false,
  async exportPack(runId) {
    set({ exporting: true })
    const pack = await bridge()!.exportPack(runId)
    set({ exporting: false })
    if (!pack.ok) return get().notify(pack.error.message, 'error')
    set({ exported: pack.value })
    get().announce('Signed pack saved')
  },
  async verifyPath(path) {
    set({ verifying: true, verifyError: undefined })
    const result = await bridge()!.verifyPack({ path })
    set(
      result.ok
        ? { verifying: false, verification: result.value }
        : { verifying: false, verifyError: result.error.message },
    )
    if (result.ok) get().announce(`Verification: ${result.value.report.status}`)
  },
  async verifyFile(file) {
    set({ verifying: true, verifyError: undefined })
    const result = await bridge()!.verifyPack(await toUpload(file))
    set(
      result.ok
        ? { verifying: false, verification: result.value }
        : { verifying: false, verifyError: result.error.message },
    )
    if (result.ok) get().announce(`Verification: ${result.value.report.status}`)
  },
})
