// `handover ui`: the wizard, as the desktop app or (--web) in the browser. The front end lives in main/, which
// the engine must not import (DESIGN.md §1): the entry point (bin/handover.js) provides it here instead.
import path from 'node:path'
import { fail, parse, type Command, type OptionTable, type Io } from '../io'

/** What the front end offers the CLI: the web mode and the desktop app; each returns the exit code. */
export interface UiFrontEnd {
  web(options: { dir?: string; port?: number; io: Pick<Io, 'out' | 'err'> }): Promise<number>
  desktop(options: { dir?: string; io: Pick<Io, 'out' | 'err'> }): Promise<number>
}

let frontEnd: (() => Promise<UiFrontEnd>) | undefined

/** Called by the entry point before the CLI runs; without it, `handover ui` says the UI is not part of this build. */
export function provideUiFrontEnd(load: () => Promise<UiFrontEnd>): void {
  frontEnd = load
}

/** The options of `handover ui`. */
const UI_OPTIONS = {
  web: {
    type: 'boolean',
    help: 'serve the same app on 127.0.0.1 and print a link with a one-time token; only this computer can connect, and the token works once (it becomes a session cookie)',
  },
  port: { type: 'string', value: 'N', help: 'the port for --web (default: a free one)' },
} as const satisfies OptionTable

/** `handover ui`: open the wizard: the desktop app, or --web for the same app in your browser. */
export const ui: Command = {
  name: 'ui',
  args: '[DIR]',
  about: `Opens the wizard on the engagement in DIR. Without DIR it opens the demo engagement against the demo lab
(the flawed portal on 127.0.0.1), so you can walk the whole sprint offline.

Without --web the desktop app starts; where the Electron runtime is not installed it says so and
suggests --web.`,
  options: UI_OPTIONS,
  exit: '0 closed, 2 bad input.',
  async run(argv, io) {
    const args = parse('ui', argv, UI_OPTIONS)
    if (!args.ok) return fail(io, args.error.message)
    const { values, positionals } = args.value
    if (positionals.length > 1) return fail(io, 'ui takes at most one workspace folder.')
    let port: number | undefined
    if (values.port !== undefined) {
      port = Number(values.port)
      if (!values.web) return fail(io, 'ui: --port needs --web.')
      if (!/^\d{1,5}$/.test(String(values.port)) || port > 65535)
        return fail(io, `ui: --port "${String(values.port)}" is not a port number (0–65535).`)
    }
    if (!frontEnd)
      return fail(io, 'ui: the app is not part of this entry point; run it through bin/handover.js.')
    const host = await frontEnd()
    const dir = positionals[0] ? path.resolve(io.cwd, positionals[0]) : undefined
    const common = { ...(dir ? { dir } : {}), io }
    return values.web
      ? host.web({ ...common, ...(port !== undefined ? { port } : {}) })
      : host.desktop(common)
  },
}
