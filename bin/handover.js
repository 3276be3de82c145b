#!/usr/bin/env node
// Entry point: runs the TypeScript CLI through tsx's loader (no build step needed after `npm install`).
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/main.ts')
const { endQuietlyOnClosedPipe } = await import('../src/cli/io.ts')
endQuietlyOnClosedPipe(process.stdout)
endQuietlyOnClosedPipe(process.stderr)
// The entry point wires the UI front end (main/) into `handover ui`; the engine in src/ never imports it.
const { provideUiFrontEnd } = await import('../src/cli/commands/ui.ts')
provideUiFrontEnd(() => import('../main/host.ts'))
const code = await main(process.argv.slice(2), {
  out: process.stdout,
  err: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
})
process.exitCode = code
