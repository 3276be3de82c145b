// The hardened window, asserted over the main-process code with electron mocked (the runtime never starts here).
import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import {
  DESKTOP_CSP,
  hardenContents,
  hardenSession,
  isAllowedExternal,
  isAppUrl,
  trustedSender,
  windowOptions,
} from '../../main/window'
import type { Session, WebContents } from 'electron'

vi.mock('electron', () => ({}))

const APP = 'file:///opt/handover/out/renderer/index.html'

function fakeContents(): WebContents & {
  emitter: EventEmitter
  openHandler?: (d: { url: string }) => unknown
} {
  const emitter = new EventEmitter()
  const contents = {
    emitter,
    mainFrame: { url: APP },
    on: (name: string, fn: (...a: unknown[]) => void) => emitter.on(name, fn),
    setWindowOpenHandler(fn: (d: { url: string }) => unknown) {
      contents.openHandler = fn
    },
  } as unknown as WebContents & { emitter: EventEmitter; openHandler?: (d: { url: string }) => unknown }
  return contents
}

function navigate(contents: ReturnType<typeof fakeContents>, event: string, url: string): boolean {
  let prevented = false
  contents.emitter.emit(event, { preventDefault: () => (prevented = true) }, url)
  return prevented
}

describe('the desktop window', () => {
  it('isolates the renderer: context isolation, sandbox, no Node, no webviews, our preload only', () => {
    const prefs = windowOptions('/app/out/preload/index.cjs', { width: 1280, height: 800 }).webPreferences!
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    })
  })

  it('sends a strict CSP with every response: nothing inline, no network, no framing', () => {
    let listener:
      ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void) | undefined
    const permissionRequest = vi.fn()
    const permissionCheck = vi.fn()
    const session = {
      webRequest: { onHeadersReceived: (fn: typeof listener) => (listener = fn) },
      setPermissionRequestHandler: permissionRequest,
      setPermissionCheckHandler: permissionCheck,
      setDevicePermissionHandler: vi.fn(),
    } as unknown as Session
    hardenSession(session)
    let out: { responseHeaders: Record<string, string[]> } | undefined
    listener!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (out = r as typeof out))
    expect(out!.responseHeaders['Content-Security-Policy']).toEqual([DESKTOP_CSP])
    expect(out!.responseHeaders['X-Other']).toEqual(['1'])
    for (const d of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "connect-src 'none'",
      "object-src 'none'",
      "frame-ancestors 'none'",
    ])
      expect(DESKTOP_CSP).toContain(d)
    expect(DESKTOP_CSP).not.toMatch(/unsafe-(inline|eval)/)

    // Every permission request and check is denied.
    const decide = vi.fn()
    permissionRequest.mock.calls[0]![0]({}, 'media', decide)
    permissionRequest.mock.calls[0]![0]({}, 'notifications', decide)
    expect(decide.mock.calls).toEqual([[false], [false]])
    expect(permissionCheck.mock.calls[0]![0]({}, 'clipboard-read')).toBe(false)
  })

  it('refuses navigation away from the app and every new window; allowed links go to the system browser', () => {
    const contents = fakeContents()
    const external = vi.fn()
    hardenContents(contents, APP, external)
    expect(navigate(contents, 'will-navigate', 'https://evil.example/')).toBe(true)
    expect(navigate(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(navigate(contents, 'will-redirect', 'https://evil.example/')).toBe(true)
    expect(navigate(contents, 'will-navigate', `${APP}#/stage/4`)).toBe(false)
    let webview = false
    contents.emitter.emit('will-attach-webview', { preventDefault: () => (webview = true) })
    expect(webview).toBe(true)

    expect(contents.openHandler!({ url: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP' })).toEqual({
      action: 'deny',
    })
    expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(contents.openHandler!({ url: 'http://developer.mozilla.org/' })).toEqual({ action: 'deny' })
    expect(external.mock.calls).toEqual([['https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP']])
  })

  it('allows external links only over https to listed hosts, without credentials in them', () => {
    expect(isAllowedExternal('https://datatracker.ietf.org/doc/html/rfc7208')).toBe(true)
    expect(isAllowedExternal('https://user:pw@datatracker.ietf.org/')).toBe(false)
    expect(isAllowedExternal('javascript:alert(1)')).toBe(false)
    expect(isAllowedExternal('https://datatracker.ietf.org.evil.example/')).toBe(false)
    expect(isAppUrl(`${APP}?x=1`, APP)).toBe(true)
    expect(isAppUrl('file:///opt/handover/out/renderer/other.html', APP)).toBe(false)
  })

  it('trusts only our window top frame showing the app', () => {
    const contents = fakeContents()
    const top = contents.mainFrame
    expect(trustedSender({ sender: contents, senderFrame: top } as never, contents, APP)).toBe(true)
    expect(trustedSender({ sender: contents, senderFrame: { url: APP } } as never, contents, APP)).toBe(false)
    expect(trustedSender({ sender: fakeContents(), senderFrame: top } as never, contents, APP)).toBe(false)
    ;(top as { url: string }).url = 'https://evil.example/'
    expect(trustedSender({ sender: contents, senderFrame: top } as never, contents, APP)).toBe(false)
    expect(trustedSender({ sender: contents, senderFrame: null } as never, contents, APP)).toBe(false)
    expect(trustedSender({ sender: contents, senderFrame: top } as never, undefined, APP)).toBe(false)
  })
})
