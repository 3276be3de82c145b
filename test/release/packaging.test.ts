// Release packaging, validated as far as this machine allows (the Electron runtime cannot be downloaded here, so
// nothing is built): the electron-builder configuration against electron-builder's own schema, the signing and
// notarisation hooks' decisions, and the release workflow with GitHub's workflow parser.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { validateConfiguration } from 'app-builder-lib/out/util/config/config'
import type { Configuration } from 'app-builder-lib'
import { parse as parseYaml } from 'yaml'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const require = createRequire(import.meta.url)
const config = parseYaml(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Configuration
const quiet = { isEnabled: false, add: () => undefined } as unknown as Parameters<
  typeof validateConfiguration
>[1]

type Hook = (context: unknown, env: NodeJS.ProcessEnv, ...rest: unknown[]) => Promise<string>
const afterSign = require(path.join(ROOT, 'scripts/release/after-sign.cjs')) as Hook
const signWindows = require(path.join(ROOT, 'scripts/release/sign-windows.cjs')) as Hook & {
  signtoolArgs(file: string, sha1: string, url: string): string[]
}

describe('the electron-builder configuration', () => {
  it('passes electron-builder’s own configuration schema', async () => {
    await expect(validateConfiguration(config, quiet)).resolves.toBeUndefined()
  })

  it('is not a rubber stamp: a misspelt key is refused', async () => {
    const broken = { ...config, linux: { ...config.linux, targets: ['AppImage'] } } as Configuration
    await expect(validateConfiguration(broken, quiet)).rejects.toThrow(/Invalid configuration object/)
  })

  it('builds AppImage and deb, a notarised dmg, and an NSIS installer signed by our hook', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.mac?.target).toEqual(['dmg'])
    expect(config.mac?.notarize).toBe(true)
    expect(config.mac?.hardenedRuntime).toBe(true)
    expect(config.win?.target).toEqual(['nsis'])
    expect(config.win?.signtoolOptions?.sign).toBe('scripts/release/sign-windows.cjs')
    expect(config.afterSign).toBe('scripts/release/after-sign.cjs')
    expect(readFileSync(path.join(ROOT, String(config.mac?.entitlements)), 'utf8')).toMatch(/allow-jit/)
  })
})

describe('the signing hooks', () => {
  const mac = { electronPlatformName: 'darwin', appOutDir: '/tmp/Handover.app' }

  it('notarises on macOS when an API key or an Apple ID is set, and skips elsewhere', async () => {
    const logs: string[] = []
    const log = (l: string): number => logs.push(l)
    expect(await afterSign({ electronPlatformName: 'linux' }, {}, log)).toBe('not macOS')
    expect(
      await afterSign(mac, { APPLE_API_KEY: 'k', APPLE_API_KEY_ID: 'i', APPLE_API_ISSUER: 's' }, log),
    ).toBe('notarising')
    expect(
      await afterSign(mac, { APPLE_ID: 'a', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 't' }, log),
    ).toBe('notarising')
    expect(await afterSign(mac, {}, log)).toBe('skipped')
    expect(logs.at(-1)).toMatch(
      /macOS notarisation: not done, APPLE_API_KEY, APPLE_API_KEY_ID, APPLE_API_ISSUER not set/,
    )
  })

  it('refuses to ship unsigned when the release requires signing', async () => {
    await expect(afterSign(mac, { HANDOVER_REQUIRE_SIGNING: '1' }, () => 0)).rejects.toThrow(
      /HANDOVER_REQUIRE_SIGNING=1/,
    )
    await expect(
      signWindows({ path: 'Handover Setup.exe' }, { HANDOVER_REQUIRE_SIGNING: '1' }),
    ).rejects.toThrow(/WINDOWS_CERT_SHA1 not set/)
  })

  it('signs Windows executables with signtool, SHA-256 and a timestamp, never naming a secret', async () => {
    const calls: [string, string[]][] = []
    const run = (cmd: string, args: string[]): void => void calls.push([cmd, args])
    expect(
      await signWindows({ path: 'C:\\out\\Handover.exe' }, { WINDOWS_CERT_SHA1: 'ab12' }, run, () => 0),
    ).toBe('signed')
    expect(calls).toEqual([
      [
        'signtool',
        [
          'sign',
          '/sha1',
          'ab12',
          '/fd',
          'sha256',
          '/tr',
          'http://timestamp.digicert.com',
          '/td',
          'sha256',
          'C:\\out\\Handover.exe',
        ],
      ],
    ])
    expect(await signWindows({ path: 'x.exe' }, {}, run, () => 0)).toBe('skipped')
    expect(calls).toHaveLength(1)
  })
})

describe('the release workflow', () => {
  const file = path.join(ROOT, '.github', 'workflows', 'release.yml')

  it('is accepted by GitHub’s workflow parser', () => {
    const checker = path.join(ROOT, 'test', 'helpers', 'github-workflow-check.ts')
    const out = execFileSync(process.execPath, ['--import', 'tsx', checker, file], { encoding: 'utf8' })
    expect(JSON.parse(out)).toEqual([])
  })

  it('packages on each platform’s own runner with electron-builder', () => {
    const wf = parseYaml(readFileSync(file, 'utf8')) as {
      on: { push: { tags: string[] } }
      jobs: {
        package: {
          strategy: { matrix: { include: { os: string; target: string }[] } }
          steps: { run?: string }[]
        }
      }
    }
    expect(wf.on.push.tags).toEqual(['v*'])
    expect(wf.jobs.package.strategy.matrix.include).toEqual([
      { os: 'ubuntu-latest', target: '--linux' },
      { os: 'macos-latest', target: '--mac' },
      { os: 'windows-latest', target: '--win' },
    ])
    const runs = wf.jobs.package.steps.map((s) => s.run ?? '')
    expect(runs).toContain('npm run build')
    expect(runs).toContain('npx electron-builder ${{ matrix.target }} --publish never')
  })
})
