// bench/ui: the renderer's size over the wire (gzip, JS + CSS; target under 300 KB) and the time from navigation to
// an interactive overview in Debian's Chromium, against the web mode on the demo lab after a full audit.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { MemoryCredentials } from '../src/keychain/keychain'
import { runAudit } from '../src/engine/runner'
import { startWebServer } from '../main/host'
import { launchChromium } from '../test/e2e/support'
import { withLab } from './support'

const ROOT = path.resolve(import.meta.dirname, '..')
const OUT = path.join(ROOT, 'out', 'renderer')
const RUNS = 5

function gz(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length
}

if (!existsSync(path.join(OUT, 'bridge.js')))
  execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' })

const assets = readdirSync(path.join(OUT, 'assets')).map((f) => path.join(OUT, 'assets', f))
const code = [
  ...assets.filter((f) => /\.(js|css)$/.test(f)),
  path.join(OUT, 'bridge.js'),
  path.join(OUT, 'index.html'),
]
const codeBytes = code.reduce((n, f) => n + gz(f), 0)
const fonts = readdirSync(path.join(OUT, 'fonts')).filter((f) => f.endsWith('.woff2'))
const fontBytes = fonts.reduce((n, f) => n + readFileSync(path.join(OUT, 'fonts', f)).length, 0)

const times = await withLab('flawed', async (lab, ws, dir) => {
  const credentials = new MemoryCredentials(lab.credentials())
  await runAudit({ workspace: ws, credentials })
  const server = await startWebServer({
    credentials,
    stateDir: path.join(dir, 'ui-state'),
    demo: {
      workspace: lab.workspace,
      mode: lab.mode,
      setMode: (m) => lab.setMode(m),
      credentials: () => lab.credentials(),
    },
  })
  if (!server.ok) throw new Error(server.error.message)
  const browser = await launchChromium()
  try {
    const first = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const warm = await first.newPage()
    await warm.goto(server.value.url)
    await warm.locator('.verdict').waitFor()
    const cookies = await first.cookies()
    const base = server.value.url.replace(/\/\?token=.*$/, '/')
    const out: number[] = []
    for (let i = 0; i < RUNS; i++) {
      // A fresh context each time: nothing cached but the session cookie.
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
      await context.addCookies(cookies)
      const page = await context.newPage()
      const t0 = Date.now()
      await page.goto(base)
      await page.locator('.verdict').waitFor()
      // Interactive: the verdict is painted and the main thread has gone idle once.
      await page.evaluate(
        () => new Promise((resolve) => requestIdleCallback(() => resolve(null), { timeout: 2000 })),
      )
      out.push(Date.now() - t0)
      await context.close()
    }
    return out
  } finally {
    await browser.close()
    await server.value.close()
  }
})

const sorted = [...times].sort((a, b) => a - b)
const median = sorted[Math.floor(sorted.length / 2)]!
console.log(
  `renderer: ${(codeBytes / 1024).toFixed(1)} KB gzip (JS + CSS + HTML, target < 300 KB) — ${((codeBytes / (300 * 1024)) * 100).toFixed(0)} % of the budget; fonts ${(fontBytes / 1024).toFixed(1)} KB WOFF2 (${fonts.length} files, not counted)`,
)
console.log(
  `navigation → interactive overview (after a full audit of the demo lab): median ${median} ms of ${RUNS} (${sorted.join(', ')} ms)`,
)
