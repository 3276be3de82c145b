// The web mode on the demo lab for browser tests: a lab in a temp folder, the server on 127.0.0.1, and
// Debian's Chromium driven by playwright-core.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import type { CredentialStore } from '../../src/keychain/keychain'
import { CHROMIUM_FLAGS, chromiumPath } from '../../src/network/browser'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { startWebServer, type WebServer } from '../../main/host'
import type { TrafficEntry } from '../../main/web/bridge'
import { startTestLab, type TestLab } from '../helpers/lab'

/** Builds the renderer once if this checkout has not been built (`npm test` builds before the tests). */
export function ensureRendererBuilt(): void {
  if (existsSync(path.resolve(import.meta.dirname, '../../out/renderer/bridge.js'))) return
  execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    stdio: 'ignore',
  })
}

/** Launches Debian's Chromium. */
export function launchChromium(): Promise<Browser> {
  // The engine's own flags: headless (playwright's default), no sandbox, never on the network by itself.
  return chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_FLAGS] })
}

/** A lab, the web server on its workspace, and the traffic the bridge carried. */
export interface WebLab {
  lab: TestLab
  server: WebServer
  traffic: TrafficEntry[]
  stateDir: string
  stop(): Promise<void>
}

/** Starts the lab (in `mode`) and the web mode on its workspace, as the demo engagement. */
export async function startWebLab(
  mode: 'flawed' | 'fixed',
  credentials: CredentialStore = new MemoryCredentials(),
): Promise<WebLab> {
  ensureRendererBuilt()
  const lab = await startTestLab(mode)
  const stateDir = mkdtempSync(path.join(tmpdir(), 'handover-ui-state-'))
  const traffic: TrafficEntry[] = []
  const started = await startWebServer({
    credentials,
    stateDir,
    tap: (e) => traffic.push(e),
    demo: {
      workspace: lab.lab.workspace,
      get mode() {
        return lab.lab.mode
      },
      setMode: (m) => lab.lab.setMode(m),
      credentials: () => lab.lab.credentials(),
    },
  })
  if (!started.ok) {
    await lab.stop()
    throw new Error(started.error.message)
  }
  return {
    lab,
    server: started.value,
    traffic,
    stateDir,
    async stop() {
      await started.value.close()
      await lab.stop()
      rmSync(stateDir, { recursive: true, force: true })
    },
  }
}
