// Tests that need an outside tool: in CI a missing tool fails loudly; elsewhere the suite is skipped and listed.
import { execFileSync } from 'node:child_process'
import { appendFileSync } from 'node:fs'

const cache = new Map<string, boolean>()

function present(name: string): boolean {
  if (!cache.has(name)) {
    try {
      execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' })
      cache.set(name, true)
    } catch {
      cache.set(name, false)
    }
  }
  return cache.get(name)!
}

/**
 * True when every named tool is installed. In CI (CI=true) a missing tool throws, so the suite fails with
 * its name; elsewhere the miss is recorded and printed in the summary by the global setup.
 */
export function haveTools(suite: string, ...names: string[]): boolean {
  const missing = names.filter((n) => !present(n))
  if (missing.length === 0) return true
  if (process.env.CI === 'true')
    throw new Error(`${suite}: missing tool(s) ${missing.join(', ')} — install them (see .ci/run)`)
  const log = process.env.HANDOVER_SKIP_LOG
  if (log) appendFileSync(log, `${suite}: skipped, missing ${missing.join(', ')}\n`)
  return false
}
