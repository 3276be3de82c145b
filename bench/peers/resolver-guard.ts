// Proof that a peer tool asks no resolver: its PATH starts with stand-ins for every lookup tool testssl.sh knows
// (dig, host, drill, nslookup, avahi-resolve), which record each call and fail it, and for openssl, which records
// every -connect to a host name (openssl would resolve it) and then runs the real openssl. `dig -h` (testssl reads
// dig's options at start-up, no question is sent) is passed to the real dig.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** The lookup programs testssl.sh may run (its check_resolver_bins and get_*_record). */
export const LOOKUP_TOOLS = ['dig', 'host', 'drill', 'nslookup', 'avahi-resolve'] as const

/** A PATH of recording stand-ins, the environment to run a peer with, and what the peer asked. */
export interface ResolverGuard {
  env: NodeJS.ProcessEnv
  /** Every lookup the peer tried, as "tool args…", since the guard was made. */
  calls(): string[]
  remove(): void
}

/** An openssl that records a -connect to anything but an address literal, then runs the real one. */
function opensslStandIn(real: string, log: string): string {
  return [
    '#!/bin/sh',
    'prev=',
    'for arg in "$@"; do',
    '  if [ "$prev" = "-connect" ]; then',
    '    case "$arg" in',
    `      [0-9]*.[0-9]*.[0-9]*.[0-9]*:*|[[]*[]]:*) ;;`,
    `      *) echo "openssl -connect $arg" >> '${log}' ;;`,
    '    esac',
    '  fi',
    '  prev=$arg',
    'done',
    `exec ${real} "$@"`,
    '',
  ].join('\n')
}

/** Makes the stand-ins in a temp folder; `realDig` answers `dig -h` only, `realOpenssl` does the TLS work. */
export function resolverGuard(realDig = '/usr/bin/dig', realOpenssl = '/usr/bin/openssl'): ResolverGuard {
  const dir = mkdtempSync(path.join(tmpdir(), 'handover-resolver-guard-'))
  const log = path.join(dir, 'calls.log')
  writeFileSync(log, '')
  for (const tool of LOOKUP_TOOLS) {
    const file = path.join(dir, tool)
    const help = tool === 'dig' ? `[ "$*" = "-h" ] && exec ${realDig} -h\n` : ''
    writeFileSync(file, `#!/bin/sh\n${help}echo "${tool} $*" >> '${log}'\nexit 9\n`)
    chmodSync(file, 0o755)
  }
  writeFileSync(path.join(dir, 'openssl'), opensslStandIn(realOpenssl, log))
  chmodSync(path.join(dir, 'openssl'), 0o755)
  return {
    env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` },
    calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
