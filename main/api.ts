// The renderer's whole view of the engine, built over a transport: the preload builds it over IPC, the web
// bridge over HTTP + server-sent events. The renderer's type is derived from this object (HandoverApi).
import type {
  BridgeResult,
  EventChannel,
  Events,
  RequestArgs,
  RequestChannel,
  RequestValue,
} from './contract'

/** How requests and events travel; the only untyped code lives in its two implementations. */
export interface Transport {
  invoke<C extends RequestChannel>(
    channel: C,
    ...args: RequestArgs<C>
  ): Promise<BridgeResult<RequestValue<C>>>
  on<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void): () => void
}

/** Builds the API object exposed to the renderer as `window.handover`. */
export function createApi(t: Transport) {
  return {
    info: () => t.invoke('app:info'),
    state: () => t.invoke('workspace:state'),
    open: (dir: string) => t.invoke('workspace:open', dir),
    recent: () => t.invoke('workspace:recent'),
    validateEngagement: (draft: Record<string, unknown>) => t.invoke('engagement:validate', draft),
    saveEngagement: (dir: string, draft: Record<string, unknown>, create: boolean) =>
      t.invoke('engagement:save', { dir, draft, create }),
    startAudit: (stages?: number[], checks?: string[]) =>
      t.invoke('audit:start', { ...(stages ? { stages } : {}), ...(checks ? { checks } : {}) }),
    cancelAudit: () => t.invoke('audit:cancel'),
    run: (ref: string) => t.invoke('run:get', ref),
    history: () => t.invoke('runs:history'),
    observation: (ref: string, key: string) => t.invoke('run:observation', ref, key),
    report: (ref: string) => t.invoke('report:model', ref),
    diff: (from: string, to: string) => t.invoke('diff:get', from, to),
    acceptBaseline: (ref: string, partial = false) => t.invoke('baseline:accept', ref, { partial }),
    attest: (input: RequestArgs<'attest:save'>[0]) => t.invoke('attest:save', input),
    attestations: () => t.invoke('attest:list'),
    setDeliverableNote: (deliverable: string, key: string, text: string) =>
      t.invoke('deliverable:note', deliverable, key, text),
    credentials: () => t.invoke('creds:list'),
    setCredential: (name: string, value: string) => t.invoke('creds:set', name, value),
    deleteCredential: (name: string) => t.invoke('creds:delete', name),
    exportPack: (ref: string) => t.invoke('pack:export', ref),
    verifyPack: (source: RequestArgs<'pack:verify'>[0], trustPem?: string) =>
      t.invoke('pack:verify', source, trustPem ? { trustPem } : {}),
    recheckPack: (input: RequestArgs<'pack:recheck'>[0]) => t.invoke('pack:recheck', input),
    setDemoMode: (mode: 'flawed' | 'fixed') => t.invoke('demo:mode', mode),
    openExternal: (url: string) => t.invoke('shell:openExternal', url),
    pickFolder: () => t.invoke('shell:pickFolder'),
    onProgress: (listener: (p: Events['audit:progress']) => void) => t.on('audit:progress', listener),
    onFinished: (listener: (p: Events['audit:finished']) => void) => t.on('audit:finished', listener),
    onCommand: (listener: (p: Events['app:command']) => void) => t.on('app:command', listener),
  }
}

/** The API the renderer sees as `window.handover`, in the desktop app and in web mode alike. */
export type HandoverApi = ReturnType<typeof createApi>
