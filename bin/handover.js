#!/usr/bin/env node
// Entry point: runs the TypeScript CLI through tsx's loader (no build step needed after `npm install`).
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/main.ts')
const code = await main(process.argv.slice(2), {
  out: process.stdout,
  err: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
})
process.exitCode = code
