// Runs the real CLI (bin/handover.js) in a child process, without blocking this process's event loop.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

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

/** Runs the CLI's `main` in this process (no tsx start-up per call); streams captured, colour off. */
export async function runMain(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { PassThrough } = await import('node:stream')
  const { main } = await import('../../src/cli/main')
  const out = new PassThrough()
  const err = new PassThrough()
  let stdout = ''
  let stderr = ''
  out.on('data', (d: Buffer) => (stdout += d.toString()))
  err.on('data', (d: Buffer) => (stderr += d.toString()))
  const code = await main(args, {
    out,
    err,
    stdin: new PassThrough(),
    env: { NO_COLOR: '1', ...options.env },
    cwd: options.cwd ?? process.cwd(),
  })
  return { code, stdout, stderr }
}
