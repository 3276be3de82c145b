// The Electron main process: one hardened window that loads the renderer, and the engine behind typed IPC.
import path from 'node:path'
import { app, BrowserWindow, session, type IpcMainInvokeEvent } from 'electron'
import pkg from '../package.json' with { type: 'json' }
import { STAGES } from '../src/core/stages'
import { Workspace } from '../src/store/workspace'
import { handle } from './ipc'

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

let window: BrowserWindow | undefined

/** Only our own top frame may call the engine. */
function trusted(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame
  return Boolean(
    window && event.sender === window.webContents && frame && frame === window.webContents.mainFrame,
  )
}

function setupIpc(): void {
  handle(
    'app:info',
    (args) => (args.length === 0 ? [] : 'app:info takes no arguments'),
    async () => ({ ok: true, value: { version: pkg.version, stages: [...STAGES] } }),
    trusted,
  )
  handle(
    'workspace:runs',
    (args) =>
      args.length === 1 && typeof args[0] === 'string' && args[0].length < 4096
        ? [args[0]]
        : 'workspace:runs takes one folder path',
    async (dir) => {
      const ws = await Workspace.open(dir)
      if (!ws.ok) return { ok: false, error: ws.error }
      const history = await ws.value.history()
      return {
        ok: true,
        value: history.runs.map((r) => ({
          id: r.id,
          startedAt: r.startedAt,
          status: r.status,
          launchReady: r.launchReady,
          fail: r.counts.fail,
        })),
      }
    },
    trusted,
  )
}

function createWindow(): void {
  window = new BrowserWindow({
    width: 1200,
    height: 800,
    title: 'Handover',
    webPreferences: {
      preload: path.join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  })
  // Navigation and new windows are blocked: the app shows only its own renderer.
  window.webContents.on('will-navigate', (event) => event.preventDefault())
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void window.loadFile(path.join(import.meta.dirname, '../renderer/index.html'))
}

void app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } })
  })
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  setupIpc()
  createWindow()
})

app.on('window-all-closed', () => app.quit())
