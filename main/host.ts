// The UI front end of `handover ui`, wired in by bin/handover.js so that src/ never imports main/:
// the web mode (this process serves the app on 127.0.0.1) and the desktop app (Electron, when installed).
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { homedir } from 'node:os'
import path from 'node:path'
import { OsKeychain, type CredentialStore } from '../src/keychain/keychain'
import { Lab } from '../src/lab/lab'
import type { Result } from '../src/core/result'
import { failure, ok } from '../src/core/result'
import { WizardService, type DemoLab } from './service/service'
import { WebBridge, type TrafficEntry } from './web/bridge'

/** The package root (where out/ and node_modules/ live). */
const ROOT = path.resolve(import.meta.dirname, '..')

/** Where the built renderer lives. */
export const RENDERER_DIR = path.join(ROOT, 'out', 'renderer')

/** The app's own state (recent engagements): $XDG_CONFIG_HOME/handover, else ~/.config/handover. */
export function uiStateDir(): string {
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), '.config'), 'handover')
}

/** Streams the front end writes to (the CLI's own). */
export interface UiIo {
  out: NodeJS.WritableStream
  err: NodeJS.WritableStream
}

/** A running web mode: its URL (with the one-time token), and how to stop it. */
export interface WebServer {
  url: string
  port: number
  service: WizardService
  bridge: WebBridge
  close(): Promise<void>
}

/** Options of the web mode; tests pass their own credential store, demo lab and traffic tap. */
export interface WebOptions {
  dir?: string
  port?: number
  credentials?: CredentialStore
  demo?: DemoLab
  stateDir?: string
  rendererDir?: string
  tap?: (entry: TrafficEntry) => void
  progressIntervalMs?: number
}

/** Starts the web mode on 127.0.0.1 and opens `dir` (or the demo engagement when `demo` is given). */
export async function startWebServer(options: WebOptions): Promise<Result<WebServer>> {
  const rendererDir = options.rendererDir ?? RENDERER_DIR
  if (!existsSync(path.join(rendererDir, 'index.html')) || !existsSync(path.join(rendererDir, 'bridge.js')))
    return failure(
      'UI_NOT_BUILT',
      `The app is not built yet (${rendererDir} is missing); run \`npm run build\` first.`,
    )
  const hub: { bridge?: WebBridge } = {}
  const service = new WizardService({
    host: 'web',
    credentials: options.credentials ?? new OsKeychain(),
    stateDir: options.stateDir ?? uiStateDir(),
    emit: (channel, payload) => hub.bridge?.broadcast(channel, payload),
    ...(options.demo ? { demo: options.demo } : {}),
    ...(options.progressIntervalMs ? { progressIntervalMs: options.progressIntervalMs } : {}),
  })
  const dir = options.dir ?? options.demo?.workspace
  if (dir) {
    const opened = await service.open(dir)
    if (!opened.ok) return opened
  }
  const bridge = new WebBridge({
    dispatch: (channel, args) => service.dispatch(channel, args),
    rendererDir,
    ...(options.tap ? { tap: options.tap } : {}),
  })
  hub.bridge = bridge
  const server: Server = createServer(bridge.handle)
  const listened = await new Promise<Result<number>>((resolve) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      resolve(
        failure(
          'UI_PORT',
          `Port ${options.port ?? 0} on 127.0.0.1 cannot be used (${err.code ?? err.message}); pick another with --port.`,
        ),
      ),
    )
    // Loopback only, always: the bridge also refuses any other address, in case this ever changes.
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address()
      resolve(ok(typeof address === 'object' && address ? address.port : 0))
    })
  })
  if (!listened.ok) return listened
  bridge.listening(listened.value)
  return ok({
    url: bridge.url,
    port: listened.value,
    service,
    bridge,
    async close() {
      service.cancel()
      bridge.closeStreams()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  })
}

/** Starts the demo lab for a first start: the flawed portal, its workspace in the lab's data folder. */
async function startDemo(): Promise<Result<{ lab: Lab; demo: DemoLab }>> {
  const started = await Lab.start({ mode: 'flawed' })
  if (!started.ok) return started
  const lab = started.value
  return ok({
    lab,
    demo: {
      workspace: lab.workspace,
      get mode() {
        return lab.mode
      },
      setMode: (mode) => lab.setMode(mode),
      credentials: () => lab.credentials(),
    },
  })
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
}

/** `handover ui DIR --web`: serves the app until Ctrl-C; without DIR, the demo engagement on the demo lab. */
export async function web(options: { dir?: string; port?: number; io: UiIo }): Promise<number> {
  const { io } = options
  let lab: Lab | undefined
  let demo: DemoLab | undefined
  if (!options.dir) {
    const started = await startDemo()
    if (!started.ok) {
      io.err.write(`handover: ${started.error.message}\n`)
      return 2
    }
    ;({ lab, demo } = started.value)
  }
  const server = await startWebServer({
    ...(options.dir ? { dir: options.dir } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(demo ? { demo } : {}),
  })
  if (!server.ok) {
    await lab?.stop()
    io.err.write(`handover: ${server.error.message}\n`)
    return 2
  }
  // Listening before the link is printed: a Ctrl-C sent as soon as it is read stops the server instead of killing it.
  const stopped = waitForSignal()
  io.out.write(
    `Handover is running in web mode${demo ? ' on the demo engagement (demo lab on 127.0.0.1)' : ''}.\n` +
      `Open this link in your browser (it works once, on this computer only):\n\n  ${server.value.url}\n\nPress Ctrl-C to stop.\n`,
  )
  await stopped
  await server.value.close()
  await lab?.stop()
  io.err.write('Stopped.\n')
  return 0
}

/** The Electron binary if it is installed, without ever starting a download (this machine may be offline). */
export function electronBinary(): Result<string> {
  const pkg = path.join(ROOT, 'node_modules', 'electron')
  const pathFile = path.join(pkg, 'path.txt')
  if (!existsSync(pathFile))
    return failure(
      'ELECTRON_MISSING',
      'The Electron runtime is not installed on this machine (its binary is downloaded on first use, and that did not happen here)',
    )
  const binary = path.join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary)
    ? ok(binary)
    : failure('ELECTRON_MISSING', `The Electron runtime is incomplete (${binary} is missing)`)
}

/** `handover ui [DIR]`: the desktop app, or one sentence offering the web mode where Electron cannot run. */
export async function desktop(options: { dir?: string; io: UiIo }): Promise<number> {
  const binary = electronBinary()
  if (!binary.ok) {
    options.io.err.write(
      `handover: ${binary.error.message}; open the same app in your browser instead with \`handover ui${options.dir ? ` ${options.dir}` : ''} --web\`.\n`,
    )
    return 2
  }
  const main = path.join(ROOT, 'out', 'main', 'index.js')
  if (!existsSync(main)) {
    options.io.err.write(
      'handover: the desktop app is not built yet; run `npm run build` (or `npm start`).\n',
    )
    return 2
  }
  const child = spawn(
    binary.value,
    [main, ...(options.dir ? ['--workspace', path.resolve(options.dir)] : [])],
    {
      stdio: 'inherit',
    },
  )
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)))
}
