import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SessionCache } from '../../src/auth/sessions'
import { runAudit, runProbes } from '../../src/engine/runner'
import { OsKeychain, type CredentialStore } from '../../src/keychain/keychain'
import { networkFor } from '../../src/network/network'
import type { HttpOutcome } from '../../src/network/http'
import { authenticatedOf } from '../../src/probes/authenticated'
import { Workspace } from '../../src/store/workspace'
import { cli } from '../helpers/cli'
import { startTestLab, type TestLab } from '../helpers/lab'
import { startSecretService, type SecretService } from '../helpers/secret-service'
import { haveTools } from '../helpers/tools'

/** Counts reads, to show a credential is fetched only when a probe needs it. */
class CountingStore implements CredentialStore {
  readonly description: string
  reads: string[] = []
  constructor(private readonly inner: CredentialStore) {
    this.description = inner.description
  }
  get(name: string) {
    this.reads.push(name)
    return this.inner.get(name)
  }
  set(name: string, value: string) {
    return this.inner.set(name, value)
  }
  delete(name: string) {
    return this.inner.delete(name)
  }
  list() {
    return this.inner.list()
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
}

describe.skipIf(!haveTools('keychain end to end', 'dbus-daemon', 'gnome-keyring-daemon', 'secret-tool'))(
  'credentials in the OS keychain, end to end',
  () => {
    let service: SecretService
    let t: TestLab
    beforeAll(async () => {
      service = startSecretService()
      t = await startTestLab('fixed')
    })
    afterAll(async () => {
      await t?.stop()
      service?.stop()
    })

    // Two whole audits (in-process, then the CLI), with the browser checks of stage 5: 60 s ran out.
    it(
      'stores a credential, uses it at the moment of need, and leaves its value nowhere on disk',
      { timeout: 240_000 },
      async () => {
        const alice = t.lab.accounts.accounts.find((a) => a.id === 'alice')!
        const logs = path.join(t.dir, 'ws', 'logs')
        mkdirSync(logs)
        const log = (name: string, r: { stdout: string; stderr: string }): void =>
          writeFileSync(path.join(logs, name), `${r.stdout}\n${r.stderr}`)

        const set = await cli(['creds', 'set', 'acme-alice'], {
          env: service.env,
          input: `${alice.password}\n`,
        })
        log('creds-set.log', set)
        expect(set.code).toBe(0)
        expect(set.stdout).toMatch(
          /Stored acme-alice in the Secret Service; reference it as keychain:acme-alice\./,
        )
        // The value really is in the keyring.
        expect(service.search('handover')).toContain(alice.password)
        const list = await cli(['creds', 'list'], { env: service.env })
        log('creds-list.log', list)
        expect(list.stdout.trim()).toBe('acme-alice')

        // An audit reads each credential when a probe uses it: the findings key (to hash what the secrets checks
        // find), the webhook signing secret (the stale-timestamp event), the provider API tokens of the integration
        // checks, every account's password (the identity stage signs each one in) and the consultant's used reset
        // links (authz.reset-expiry) — and nothing else.
        const ws = await Workspace.open(t.lab.workspace)
        if (!ws.ok) throw new Error(ws.error.message)
        const store = new CountingStore(new OsKeychain())
        await runAudit({ workspace: ws.value, credentials: store })
        expect([...new Set(store.reads)].sort()).toEqual(
          [
            'acme-stripe-webhook',
            // monitor.alerting (consent alerts) reads the alert webhook and the SMTP password when it sends.
            'acme-alert-webhook',
            'acme-smtp',
            'findings-key.acme-client-portal-demo-lab',
            'betterstack-api-token',
            'cloudflare-api-token',
            'github-token',
            'uptimerobot-api-key',
            ...t.lab.accounts.accounts.map((a) => `acme-${a.id}`),
            'acme-reset-used',
            'acme-reset-expired',
          ].sort(),
        )
        store.reads = []

        // An authenticated request reads it once, at the moment of use, and signs in with it.
        const network = networkFor(ws.value.engagement)
        const sessions = new SessionCache(network, ws.value.engagement, store)
        const env = {
          network,
          engagement: ws.value.engagement,
          credentials: store,
          sessions,
          workspace: ws.value.dir,
        }
        const me = authenticatedOf('https://api.acme.test/api/me', 'alice')
        const health = authenticatedOf('https://api.acme.test/health', 'alice')
        const observations = await runProbes([me, health], env, {})
        expect(store.reads).toEqual(['acme-alice'])
        const outcome = observations[me.key]!.data as HttpOutcome
        expect(outcome.exchanges[0]?.status).toBe(200)
        expect(outcome.exchanges[0]?.body).toContain('alice@acme.test')
        expect(outcome.exchanges[0]?.requestHeaders.authorization).toBe('[redacted]')
        const run = await ws.value.loadRun('latest')
        if (!run.ok) throw new Error(run.error.message)
        await ws.value.saveRun({
          ...run.value,
          id: `${run.value.id.slice(0, -4)}beef`,
          observations: { ...run.value.observations, ...observations },
        })

        // The CLI audit with the real keychain, its output kept as logs beside the runs.
        log(
          'audit.log',
          await cli(
            [
              'audit',
              t.lab.workspace,
              '--json',
              path.join(logs, 'run.json'),
              '--sarif',
              path.join(logs, 'run.sarif'),
              '--junit',
              path.join(logs, 'run.xml'),
            ],
            { env: service.env },
          ),
        )

        const secrets = [alice.password, ...t.lab.accounts.issuedTokens()]
        expect(secrets.length).toBeGreaterThan(1)
        const forms = secrets.flatMap((s) => [s, encodeURIComponent(s), Buffer.from(s).toString('base64')])
        const files = [...filesUnder(t.dir), ...filesUnder(t.lab.stateDir)]
        expect(files.length).toBeGreaterThan(8)
        for (const file of files) {
          const text = readFileSync(file, 'latin1')
          for (const form of forms)
            expect(text.includes(form), `${form.slice(0, 4)}… found in ${file}`).toBe(false)
        }
      },
    )

    it('stops with one sentence when no keychain is available, never storing in plaintext', async () => {
      const env = { ...service.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' }
      const result = await cli(['creds', 'set', 'acme-bob'], { env, input: 'hunter2-value\n' })
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(
        /^handover: No usable OS keychain: .+\. Handover keeps credentials only in the keychain and stops rather than store them in plaintext\.\n$/,
      )
      const listed = await cli(['creds', 'list'], { env: { ...env, DBUS_SESSION_BUS_ADDRESS: '' } })
      expect(listed.code).toBe(2)
    })
  },
)
