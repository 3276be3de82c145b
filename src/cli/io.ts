// Terminal plumbing shared by the commands: streams, colour, errors and argument parsing.
import { parseArgs } from 'node:util'
import { failure, ok, type Result } from '../core/result'

/** The streams a command writes to; tests and the CLI pass the process's own. */
export interface Io {
  out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  err: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => void }
  env: NodeJS.ProcessEnv
  cwd: string
}

/** One option of a command's table: what parseArgs reads (type, short, multiple) and what its usage prints. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean'
  readonly short?: string
  readonly multiple?: boolean
  /** The value's name in the usage text, for a string option: `DIR`, `F.pdf`. */
  readonly value?: string
  /** What the option does, in a sentence or two (the usage wraps it). */
  readonly help: string
  /** Shown without brackets in the synopsis: the command cannot do without it. */
  readonly required?: boolean
  /** Listed after the others under this heading and left out of the synopsis: a second way to run the command. */
  readonly group?: string
}

/** A command's options, the one table parseArgs, `--help`, `handover help CMD` and the README test read. */
export type OptionTable = Readonly<Record<string, OptionSpec>>

/** A command: what its usage says around the option table, and what it does; it returns the exit code. */
export interface Command {
  name: string
  /** Positional arguments in the synopsis (`[DIR] CHECK`); several lines for commands with several forms. */
  args?: string | readonly string[]
  /** What the command does, printed between the synopsis and the options. */
  about: string
  options: OptionTable
  /** The exit codes, in words. */
  exit: string
  run(argv: string[], io: Io): Promise<number>
}

/** The CLI's exit codes: 0 clean, 1 findings (launch blockers, or any at or above --fail-on), 2 bad input. */
export const EXIT = { OK: 0, FINDINGS: 1, BAD_INPUT: 2 } as const

/**
 * A reader that went away (`| head`) ends the output, not the command: it finishes its work and exits with its
 * own code, without the stack trace of an unhandled EPIPE. Any other stream error is still a bug.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WritableStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return
    throw err
  })
}

/** Colour only on a terminal, and never when NO_COLOR is set. */
export function palette(
  stream: Io['out'],
  env: NodeJS.ProcessEnv,
): Record<'red' | 'yellow' | 'green' | 'dim' | 'bold' | 'cyan', (s: string) => string> {
  const on = Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb'
  const wrap =
    (code: string) =>
    (s: string): string =>
      on ? `\u001b[${code}m${s}\u001b[0m` : s
  return {
    red: wrap('31'),
    yellow: wrap('33'),
    green: wrap('32'),
    dim: wrap('2'),
    bold: wrap('1'),
    cyan: wrap('36'),
  }
}

/** Prints one clear sentence to stderr and returns the bad-input exit code. */
export function fail(io: Io, message: string, code: number = EXIT.BAD_INPUT): number {
  io.err.write(`handover: ${message}\n`)
  return code
}

/** Options every command takes. */
export const COMMON = {
  help: { type: 'boolean', short: 'h', help: 'print this text' },
  debug: { type: 'boolean', help: 'add the stack trace of an unexpected failure' },
} as const satisfies OptionTable

/** What parseArgs gives for a command's option table `T` (plus --help and --debug), typed by the table. */
export type Parsed<T extends OptionTable> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T & typeof COMMON; allowPositionals: true; strict: true }>
>

/** parseArgs with our wording for unknown or malformed options; the values keep the option table's types. */
export function parse<const T extends OptionTable>(
  command: string,
  argv: string[],
  options: T,
): Result<Parsed<T>> {
  try {
    return ok(
      parseArgs({
        args: argv,
        // parseArgs reads type, short and multiple and passes over the usage fields (value, help, required, group).
        options: { ...options, ...COMMON },
        allowPositionals: true,
        strict: true,
      }),
    )
  } catch (err) {
    const message =
      err instanceof Error ? err.message.replace(/\. To specify a positional argument.*$/s, '') : String(err)
    return failure('ARGS', `${command}: ${message.replace(/\.$/, '')} (see \`handover ${command} --help\`).`)
  }
}

/** Reads all of stdin (for `creds set` from a pipe). */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)))
  return Buffer.concat(chunks).toString('utf8')
}

/** Asks for a secret on the terminal without echoing it. */
export function promptHidden(io: Io, question: string): Promise<string> {
  return new Promise((resolve) => {
    io.err.write(question)
    const stdin = io.stdin
    stdin.setRawMode?.(true)
    stdin.resume()
    let value = ''
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.setRawMode?.(false)
          stdin.pause()
          stdin.removeListener('data', onData)
          io.err.write('\n')
          resolve(value)
          return
        }
        if (ch === '\u0003') {
          stdin.setRawMode?.(false)
          io.err.write('\n')
          process.exit(130)
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
        else value += ch
      }
    }
    stdin.on('data', onData)
  })
}

/** Asks a plain question on the terminal. */
export function prompt(io: Io, question: string, fallback = ''): Promise<string> {
  return new Promise((resolve) => {
    io.err.write(fallback ? `${question} [${fallback}] ` : `${question} `)
    let value = ''
    const onData = (chunk: Buffer | string): void => {
      value += chunk.toString()
      if (value.includes('\n')) {
        io.stdin.removeListener('data', onData)
        io.stdin.pause()
        resolve(value.split('\n')[0]!.trim() || fallback)
      }
    }
    io.stdin.resume()
    io.stdin.on('data', onData)
  })
}
