// Runs the real CLI (bin/handover.js) in a child process, without blocking this process's event loop.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import type { Io } from '../../src/cli/io'

export const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'handover.js')

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export function startCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdin!.end(options.input ?? '')
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  )
  return { child, done }
}

/** Runs the CLI to completion. */
export function cli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): Promise<CliResult> {
  return startCli(args, options).done
}

/** An Io whose streams are captured as text (colour off, no input), for the CLI's functions run in-process. */
export function captureIo(env: NodeJS.ProcessEnv = {}): { io: Io; out: () => string; err: () => string } {
  const out = new PassThrough()
  const err = new PassThrough()
  let o = ''
  let e = ''
  out.on('data', (d: Buffer) => (o += d.toString()))
  err.on('data', (d: Buffer) => (e += d.toString()))
  const io: Io = { out, err, stdin: new PassThrough(), env: { NO_COLOR: '1', ...env }, cwd: process.cwd() }
  return { io, out: () => o, err: () => e }
}

/** Runs the CLI's `main` in this process (no tsx start-up per call); streams captured, colour off. */
export async function runMain(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../../src/cli/main')
  const c = captureIo(options.env)
  const code = await main(args, { ...c.io, cwd: options.cwd ?? process.cwd() })
  return { code, stdout: c.out(), stderr: c.err() }
}
