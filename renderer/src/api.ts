// The engine as the renderer sees it: the preload's API object (desktop) or the web bridge's (web mode).
import type { HandoverApi } from '../../main/api'

declare global {
  interface Window {
    handover?: HandoverApi
  }
}

/** The bridge, or undefined when the page was opened without one (then the app says so). */
export function bridge(): HandoverApi | undefined {
  return window.handover
}

/** The value type of one API method's result. */
export type ValueOf<K extends keyof HandoverApi> =
  Extract<Awaited<ReturnType<HandoverApi[K]>>, { ok: true }> extends { value: infer V } ? V : never
