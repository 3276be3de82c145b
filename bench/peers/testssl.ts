// Debian's testssl.sh as the TLS peer: how the benchmark (and its regression test) runs it against a lab host.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'

/** One finding of testssl's --jsonfile output. */
export interface TestsslFinding {
  id: string
  severity: string
  finding: string
}

/**
 * The checks the TLS benchmark asks for: -p protocols, -S server defaults (key size, signature), -h headers, -s
 * cipher categories, -f forward secrecy, -4 RC4.
 */
export const BENCH_CHECKS = ['-p', '-S', '-h', '-s', '-f', '-4']

/**
 * testssl's arguments for one host served on 127.0.0.1:`port`. `--ip` pins the address and `--nodns none` stops
 * every lookup testssl would otherwise send to the system resolver (rDNS of the address, CAA of the name).
 */
export function testsslArgs(
  host: string,
  port: number,
  caFile: string,
  out: string,
  checks: readonly string[] = BENCH_CHECKS,
): string[] {
  return [
    ...checks,
    '--add-ca',
    caFile,
    '--ip',
    '127.0.0.1',
    '--nodns',
    'none',
    '--warnings',
    'batch',
    '--quiet',
    '--color',
    '0',
    '--jsonfile',
    out,
    `https://${host}:${port}`,
  ]
}

/**
 * Runs testssl with `args` and reads the JSON file it wrote; `env` lets a caller guard its PATH. NXCONNECT is the
 * address testssl's start-up probes of openssl connect to: its default, "invalid.", is a name openssl resolves
 * (30 questions to the system resolver, one per curve); 127.0.0.1:0 fails as fast without one.
 */
export function runTestssl(
  args: readonly string[],
  out: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ findings: TestsslFinding[]; seconds: number }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn('testssl', [...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...env, NXCONNECT: '127.0.0.1:0' },
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', () => {
      try {
        resolve({
          findings: JSON.parse(readFileSync(out, 'utf8')) as TestsslFinding[],
          seconds: (performance.now() - started) / 1000,
        })
      } catch {
        reject(new Error(`testssl wrote no JSON to ${out}: ${stderr.slice(0, 300)}`))
      }
    })
  })
}
