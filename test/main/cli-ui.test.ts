// `handover ui` from the command line: bad input is one sentence and exit 2; without the Electron runtime the
// desktop app says so and offers the web mode; --web serves the app and prints the one-time link.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, startCli } from '../helpers/cli'
import { startTestLab, type TestLab } from '../helpers/lab'
import { ensureRendererBuilt } from '../e2e/support'

const electronInstalled = existsSync(
  path.resolve(import.meta.dirname, '../../node_modules/electron/path.txt'),
)

describe('handover ui', () => {
  const state = mkdtempSync(path.join(tmpdir(), 'handover-cli-ui-'))
  const env = { XDG_CONFIG_HOME: state, HANDOVER_LAB_DIR: path.join(state, 'lab') }
  let lab: TestLab | undefined
  afterAll(async () => {
    await lab?.stop()
    rmSync(state, { recursive: true, force: true })
  })

  it('refuses a bad port or --port without --web in one sentence', async () => {
    const noWeb = await cli(['ui', '--port', '8080'], { env })
    expect(noWeb.code).toBe(2)
    expect(noWeb.stderr).toBe('handover: ui: --port needs --web.\n')
    const bad = await cli(['ui', '--web', '--port', '99999'], { env })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^handover: ui: --port "99999" is not a port number \(0–65535\)\.\n$/)
  })

  it.skipIf(electronInstalled)(
    'says in one sentence that Electron cannot start here, and offers the web mode',
    async () => {
      const result = await cli(['ui'], { env })
      expect(result.code).toBe(2)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toMatch(/Electron runtime is not installed.*handover ui --web/)
    },
  )

  it('serves a workspace in web mode on 127.0.0.1 and prints the one-time link', async () => {
    ensureRendererBuilt()
    lab = await startTestLab('fixed')
    const run = startCli(['ui', lab.lab.workspace, '--web'], { env })
    let out = ''
    const url = await new Promise<string>((resolve, reject) => {
      run.child.stdout!.on('data', (d: Buffer) => {
        out += d.toString()
        const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(out)
        if (m) resolve(m[0])
      })
      run.child.on('close', () => reject(new Error(`exited: ${out}`)))
    })
    const page = await fetch(url, { redirect: 'manual' })
    expect(page.status).toBe(303)
    expect(page.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/)
    run.child.kill('SIGINT')
    const done = await run.done
    expect(done.code).toBe(0)
    expect(done.stdout).toContain('it works once, on this computer only')
  })
})
