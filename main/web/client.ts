// The web mode's preload: the same API object as the desktop preload, over the local bridge (POST for
// requests, one EventSource for events). The session cookie is HttpOnly, so this script never sees it.
import { createApi, type Transport } from '../api'
import type { BridgeResult, EventChannel } from '../contract'

let events: EventSource | undefined

function stream(): EventSource {
  events ??= new EventSource('/bridge/events')
  return events
}

const transport: Transport = {
  async invoke(channel, ...args) {
    try {
      const response = await fetch(`/bridge/invoke/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(args),
        credentials: 'same-origin',
        cache: 'no-store',
      })
      return (await response.json()) as BridgeResult<never>
    } catch (err) {
      return {
        ok: false,
        error: {
          code: 'BRIDGE_DOWN',
          message: `The Handover server does not answer (${(err as Error).message}).`,
        },
      }
    }
  },
  on(channel: EventChannel, listener) {
    const handler = (event: MessageEvent<string>): void =>
      listener(JSON.parse(event.data) as Parameters<typeof listener>[0])
    stream().addEventListener(channel, handler)
    return () => stream().removeEventListener(channel, handler)
  },
}

Object.defineProperty(window, 'handover', { value: Object.freeze(createApi(transport)), writable: false })
