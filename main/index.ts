// The Electron main process: one hardened window, native menus, single instance, remembered window state,
// and the engine behind the typed contract (the engine runs here, never in the renderer).
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, dialog, Menu, session, shell, type MenuItemConstructorOptions } from 'electron'
import { OsKeychain } from '../src/keychain/keychain'
import { Lab } from '../src/lab/lab'
import type { AppCommand } from './contract'
import { handleAll, send } from './ipc'
import { WizardService } from './service/service'
import { hardenContents, hardenSession, isAllowedExternal, trustedSender, windowOptions } from './window'

const PRELOAD = path.join(import.meta.dirname, '../preload/index.cjs')
const PAGE = path.join(import.meta.dirname, '../renderer/index.html')
const APP_URL = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(PAGE).href
const STATE_FILE = (): string => path.join(app.getPath('userData'), 'window-state.json')

let window: BrowserWindow | undefined
let lab: Lab | undefined
let service: WizardService | undefined

interface Bounds {
  width: number
  height: number
  x?: number
  y?: number
}

function savedBounds(): Bounds {
  try {
    const b = JSON.parse(readFileSync(STATE_FILE(), 'utf8')) as Partial<Bounds>
    const n = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
    if (n(b.width) && n(b.height) && b.width >= 800 && b.height >= 600)
      return { width: b.width, height: b.height, ...(n(b.x) && n(b.y) ? { x: b.x, y: b.y } : {}) }
  } catch {
    // first start, or an unreadable file: the default size
  }
  return { width: 1280, height: 800 }
}

function command(c: AppCommand): void {
  if (window) send(window.webContents, 'app:command', c)
}

async function openFolder(): Promise<void> {
  const picked = await dialog.showOpenDialog({
    properties: ['openDirectory'],
    title: 'Open engagement folder',
  })
  const dir = picked.canceled ? undefined : picked.filePaths[0]
  if (!dir || !service) return
  const opened = await service.open(dir)
  if (opened.ok) command({ command: 'opened', state: opened.value })
  else dialog.showErrorBox('Cannot open this folder', opened.error.message)
  await buildMenu()
}

async function buildMenu(): Promise<void> {
  const listed = await service?.handlers['workspace:recent']()
  const recent = listed?.ok ? listed.value : []
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        {
          label: 'New engagement…',
          accelerator: 'CmdOrCtrl+N',
          click: () => command({ command: 'new-engagement' }),
        },
        { label: 'Open engagement folder…', accelerator: 'CmdOrCtrl+O', click: () => void openFolder() },
        {
          label: 'Open recent',
          submenu:
            recent.length > 0
              ? recent.map((dir) => ({
                  label: dir,
                  click: async () => {
                    const opened = await service?.open(dir)
                    if (opened?.ok) command({ command: 'opened', state: opened.value })
                  },
                }))
              : [{ label: 'No recent engagements', enabled: false }],
        },
        { type: 'separator' },
        {
          label: 'Verify a pack…',
          accelerator: 'CmdOrCtrl+Shift+V',
          click: () => command({ command: 'verify-pack' }),
        },
        {
          label: 'Engagement settings',
          accelerator: 'CmdOrCtrl+,',
          click: () => command({ command: 'settings' }),
        },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        {
          label: 'Toggle dark theme',
          accelerator: 'CmdOrCtrl+Shift+D',
          click: () => command({ command: 'toggle-theme' }),
        },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

function createWindow(): void {
  window = new BrowserWindow(windowOptions(PRELOAD, savedBounds()))
  hardenContents(window.webContents, APP_URL, (url) => void shell.openExternal(url))
  window.once('ready-to-show', () => window?.show())
  window.on('close', () => {
    if (window && !window.isMinimized()) writeFileSync(STATE_FILE(), JSON.stringify(window.getBounds()))
  })
  window.on('closed', () => (window = undefined))
  void window.loadURL(APP_URL)
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession)
  const dirArg = process.argv.indexOf('--workspace')
  const dir = dirArg > 0 ? process.argv[dirArg + 1] : undefined
  let demo
  if (!dir || !existsSync(dir)) {
    // First start: the demo engagement against the demo lab, so the whole sprint can be walked offline.
    const started = await Lab.start({ mode: 'flawed' })
    if (started.ok) {
      lab = started.value
      const l = lab
      demo = {
        workspace: l.workspace,
        get mode() {
          return l.mode
        },
        setMode: (mode: 'flawed' | 'fixed') => l.setMode(mode),
        credentials: () => l.credentials(),
      }
    }
  }
  service = new WizardService({
    host: 'desktop',
    credentials: new OsKeychain(),
    stateDir: app.getPath('userData'),
    emit: (channel, payload) => {
      if (window) send(window.webContents, channel, payload)
    },
    ...(demo ? { demo } : {}),
    pickFolder: async () => {
      const picked = await dialog.showOpenDialog({ properties: ['openDirectory', 'createDirectory'] })
      return picked.canceled ? null : (picked.filePaths[0] ?? null)
    },
    openExternal: async (url) => {
      if (!isAllowedExternal(url)) return false
      await shell.openExternal(url)
      return true
    },
  })
  const target = dir ?? demo?.workspace
  if (target) await service.open(target)
  const s = service
  handleAll(
    (channel, args) => s.dispatch(channel, args),
    (event) => trustedSender(event, window?.webContents, APP_URL),
  )
  await buildMenu()
  createWindow()
}

if (!app.requestSingleInstanceLock()) app.quit()
else {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore()
    window?.focus()
  })
  void app.whenReady().then(start)
  app.on('window-all-closed', () => {
    service?.cancel()
    void lab?.stop().finally(() => app.quit())
    if (!lab) app.quit()
  })
}
