// The hardened window (DESIGN.md §8): what it may load, what it may never do, and which links may leave the app.
// Everything here takes Electron's objects as parameters, so unit tests can assert it with electron mocked.
import type { BrowserWindowConstructorOptions, IpcMainInvokeEvent, Session, WebContents } from 'electron'

/** The desktop CSP: scripts and styles only from the app, no network at all (the engine talks over IPC). */
export const DESKTOP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ')

/** Hosts an external link may open in the system browser; anything else is refused. */
export const EXTERNAL_ALLOW = [
  'developer.mozilla.org',
  'datatracker.ietf.org',
  'www.rfc-editor.org',
  'cheatsheetseries.owasp.org',
]

/** The window's options: context isolation, sandbox, no Node, no webviews, our preload only. */
export function windowOptions(
  preload: string,
  bounds: { width: number; height: number; x?: number; y?: number },
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: 1024,
    minHeight: 680,
    title: 'Handover',
    show: false,
    backgroundColor: '#F2F4F7',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  }
}

/** True when `url` is the app's own page (its file or the dev server), the only thing the window may show. */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const u = new URL(url)
    const app = new URL(appUrl)
    return u.protocol === app.protocol && u.host === app.host && u.pathname === app.pathname
  } catch {
    return false
  }
}

/** True for an https link to an allowed host, with no credentials in it. */
export function isAllowedExternal(url: string, allow: readonly string[] = EXTERNAL_ALLOW): boolean {
  try {
    const u = new URL(url)
    return u.protocol === 'https:' && !u.username && !u.password && allow.includes(u.hostname)
  } catch {
    return false
  }
}

/** Every response gets the CSP header; permission requests and checks are all denied. */
export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [DESKTOP_CSP] } })
  })
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler?.(() => false)
}

/** Navigation away from the app, new windows and webviews are refused; allowed links go to the system browser. */
export function hardenContents(
  contents: WebContents,
  appUrl: string,
  openExternal: (url: string) => void,
): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) openExternal(url)
    return { action: 'deny' }
  })
}

/** Only the app's own top frame, in the window we made, may call the engine. */
export function trustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  contents: WebContents | undefined,
  appUrl: string,
): boolean {
  const frame = event.senderFrame
  return Boolean(
    contents &&
    event.sender === contents &&
    frame &&
    frame === contents.mainFrame &&
    isAppUrl(frame.url, appUrl),
  )
}
