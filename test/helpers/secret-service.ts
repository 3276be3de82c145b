// A private, real Secret Service for tests: its own D-Bus session bus and an unlocked gnome-keyring.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface SecretService {
  /** Environment for child processes (CLI runs, secret-tool) that must see this keyring. */
  env: NodeJS.ProcessEnv
  /** `secret-tool search --all service handover` output, for proving a secret landed. */
  search(service: string): string
  stop(): void
}

/**
 * Starts dbus-daemon and gnome-keyring-daemon in a temp XDG home and points this process's
 * DBUS_SESSION_BUS_ADDRESS at them, so @napi-rs/keyring talks to a real Secret Service.
 */
export function startSecretService(): SecretService {
  const dir = mkdtempSync(path.join(tmpdir(), 'handover-keyring-'))
  chmodSync(dir, 0o700)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_RUNTIME_DIR: dir,
    HOME: dir,
  }
  const address = execFileSync('dbus-daemon', ['--session', '--fork', '--print-address=1', '--print-pid=1'], {
    env,
    encoding: 'utf8',
  })
  const [busAddress, pidLine] = address.trim().split('\n')
  const busPid = Number(pidLine)
  env.DBUS_SESSION_BUS_ADDRESS = busAddress
  // As documented for headless use: the daemon reads the unlock password on stdin and forks.
  execFileSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], {
    env,
    input: 'test-keyring-password',
    stdio: ['pipe', 'ignore', 'ignore'],
  })
  // Wait until the Secret Service answers on the bus.
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync('secret-tool', ['search', '--all', 'service', 'handover-probe'], {
        env,
        stdio: 'ignore',
        timeout: 2000,
      })
      break
    } catch {
      execFileSync('sleep', ['0.05'])
    }
  }
  const previous = { bus: process.env.DBUS_SESSION_BUS_ADDRESS, xdg: process.env.XDG_RUNTIME_DIR }
  process.env.DBUS_SESSION_BUS_ADDRESS = busAddress
  process.env.XDG_RUNTIME_DIR = dir
  return {
    env,
    // secret-tool prints the attributes on stderr: keep them out of the test output.
    search: (service) =>
      execFileSync('secret-tool', ['search', '--all', 'service', service], {
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    stop() {
      try {
        // gnome-keyring-daemon leaves when its session bus goes away.
        process.kill(busPid)
      } catch {
        // already gone
      }
      if (previous.bus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS
      else process.env.DBUS_SESSION_BUS_ADDRESS = previous.bus
      if (previous.xdg === undefined) delete process.env.XDG_RUNTIME_DIR
      else process.env.XDG_RUNTIME_DIR = previous.xdg
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
