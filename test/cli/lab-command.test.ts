// `handover lab` as a person runs it: it prints where every part of the lab listens, and stops on SIGTERM.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'handover.js')

describe('handover lab', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'handover-lab-cmd-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('prints the provider APIs’ port beside the hosts, which answers, and stops cleanly', async () => {
    const child = spawn(process.execPath, [BIN, 'lab', '--workspace', path.join(dir, 'ws')], {
      env: { ...process.env, NO_COLOR: '1', HANDOVER_LAB_DIR: path.join(dir, 'lab') },
    })
    let out = ''
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const ended = new Promise<number | null>((resolve) => child.once('exit', resolve))
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        if (out.includes('Press Ctrl-C to stop.')) resolve()
      })
      child.once('exit', () => reject(new Error(`lab exited early: ${err}`)))
    })
    const line = out.split('\n').find((l) => l.trimStart().startsWith('provider APIs'))
    expect(line).toMatch(
      /https 127\.0\.0\.1:\d+ {2}\(api\.cloudflare\.com, .*api\.github\.com, by connectTo\)/,
    )
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(line ?? '')?.[1])
    await new Promise<void>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy()
        resolve()
      })
      s.once('error', reject)
    })
    child.kill('SIGTERM')
    expect(await ended).toBe(0)
    expect(err).toContain('Lab stopped.')
  })

  it('stops cleanly on a Ctrl-C sent the moment it says how to stop', async () => {
    // The listener must be there before the line: a lab killed by the signal exits with no code and no "Lab stopped."
    for (let i = 0; i < 4; i++) {
      const child = spawn(process.execPath, [BIN, 'lab', '--workspace', path.join(dir, `ws${i}`)], {
        env: { ...process.env, NO_COLOR: '1', HANDOVER_LAB_DIR: path.join(dir, 'lab') },
      })
      let out = ''
      let err = ''
      child.stderr.on('data', (d: Buffer) => (err += d.toString()))
      const ended = new Promise<[number | null, string | null]>((resolve) =>
        child.once('exit', (code, signal) => resolve([code, signal])),
      )
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        if (out.includes('Press Ctrl-C to stop.')) child.kill('SIGTERM')
      })
      expect(await ended, `start ${i + 1}: ${err}`).toEqual([0, null])
      expect(err).toContain('Lab stopped.')
    }
  })
})
