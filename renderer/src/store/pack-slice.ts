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
  /** The last verified pack, as it was given (re-verified with a trust root, or re-checked from). */
  verifySource?: PackSource
  /** A root the founder chose to trust for this pack: its file name and PEM text (never stored). */
  trust?: { name: string; pem: string }
  rechecking: boolean
  recheck?: ValueOf<'recheckPack'>
  recheckError?: string
  exportPack(runId: string): Promise<void>
  verifyPath(path: string): Promise<void>
  verifyFile(file: File): Promise<void>
  /** Trusts the root in `file` for the pack on screen and verifies it again. */
  trustRoot(file: File): Promise<void>
  /** "Re-check the portal now": the audit the pack's baseline ran, diffed against the signed baseline. */
  recheckPortal(): Promise<void>
}

type PackSource = Parameters<NonNullable<ReturnType<typeof bridge>>['verifyPack']>[0]

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

export const createPackSlice: StateCreator<Store, [], [], PackSlice> = (set, get) => {
  async function verify(source: PackSource, trust?: { name: string; pem: string }): Promise<void> {
    set({
      verifying: true,
      verifyError: undefined,
      verifySource: source,
      trust,
      recheck: undefined,
      recheckError: undefined,
    })
    const result = await bridge()!.verifyPack(source, trust?.pem)
    set(
      result.ok
        ? { verifying: false, verification: result.value }
        : { verifying: false, verifyError: result.error.message },
    )
    if (result.ok) get().announce(`Verification: ${result.value.report.status}`)
  }
  return {
    exporting: false,
    verifying: false,
    rechecking: false,
    async exportPack(runId) {
      set({ exporting: true })
      const pack = await bridge()!.exportPack(runId)
      set({ exporting: false })
      if (!pack.ok) return get().notify(pack.error.message, 'error')
      set({ exported: pack.value })
      get().announce('Signed pack saved')
    },
    verifyPath: (path) => verify({ path }),
    async verifyFile(file) {
      await verify(await toUpload(file))
    },
    async trustRoot(file) {
      const source = get().verifySource
      if (!source) return
      await verify(source, { name: file.name, pem: await file.text() })
    },
    async recheckPortal() {
      const source = get().verifySource
      if (!source || get().rechecking) return
      set({ rechecking: true, recheck: undefined, recheckError: undefined })
      const trust = get().trust
      const result = await bridge()!.recheckPack({ source, ...(trust ? { trustPem: trust.pem } : {}) })
      set(
        result.ok
          ? { rechecking: false, recheck: result.value }
          : { rechecking: false, recheckError: result.error.message },
      )
      if (result.ok) get().announce(result.value.headline)
    },
  }
}
