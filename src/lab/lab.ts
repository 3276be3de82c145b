// The demo lab: an authoritative DNS server and the portal's HTTP(S) hosts on loopback (DESIGN.md §9).
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { readdirSync, readFileSync } from 'node:fs'
import { access, mkdir, readFile, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import path from 'node:path'
import type { RecordType } from 'dns-packet'
import { failure, ok, type Result } from '../core/result'
import { toJson, writeFileAtomic } from '../store/atomic'
import { ENGAGEMENT_FILE } from '../store/workspace'
import {
  issueLeaf,
  labAuthority,
  makeAuthority,
  newRsaKey,
  persistentKey,
  type Authority,
  type ServerIdentity,
} from './ca'
import { AuthoritativeDnsServer, type ZoneRecord } from './dns-server'
import { LabAccounts } from './api'
import { PortalLab } from './portal'
import { BehaviourLab } from './behaviour'
import { SecretsLab } from './secrets'
import { MonitoringLab } from './monitoring'
import { PROVIDER_HOSTS, ProvidersLab } from './providers'
import { HELPDESK, LAB_APEX, LAB_HOSTS, SENTINEL, type CertPlan, type LabHost } from './hosts'
import { PUBLIC_ENDPOINT, SurfaceLab } from './surface'

import type { LabMode } from './types'
export type { LabMode } from './types'

const DAY = 86_400_000
const MARKER = '.handover-lab'

/** The lab's two authoritative nameservers; ns2 can be made to lag behind ns1. */
export type LabNameserver = 'ns1' | 'ns2'

interface ZoneFile {
  zones?: string[]
  records: (ZoneRecord & { modes?: LabMode[]; servers?: LabNameserver[] })[]
}

/** Where the lab keeps its CA and default workspace: $HANDOVER_LAB_DIR, else the XDG data folder. */
export function labStateDir(): string {
  if (process.env.HANDOVER_LAB_DIR) return path.resolve(process.env.HANDOVER_LAB_DIR)
  const data = process.env.XDG_DATA_HOME ?? path.join(homedir(), '.local', 'share')
  return path.join(data, 'handover', 'lab')
}

/** The resources folder shipped with the app. */
export function resourcesDir(): string {
  return path.resolve(import.meta.dirname, '..', '..', 'resources')
}

/** Every resources/lab/*.zone.json, as served by one nameserver in one mode. */
export function loadZone(
  mode: LabMode,
  server: LabNameserver = 'ns1',
): { zones: string[]; records: ZoneRecord[] } {
  const dir = path.join(resourcesDir(), 'lab')
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.zone.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as ZoneFile)
  const zones = [...new Set(files.flatMap((f) => f.zones ?? []))]
  const records = files
    .flatMap((f) => f.records)
    .filter((r) => (!r.modes || r.modes.includes(mode)) && (!r.servers || r.servers.includes(server)))
    .map(({ name, type, ttl, data }) => ({ name, type: type as RecordType, ...(ttl ? { ttl } : {}), data }))
  return { zones, records }
}

/** The MTA-STS policy file the lab serves in a mode. */
export function mtaStsPolicy(mode: LabMode): string {
  try {
    return readFileSync(path.join(resourcesDir(), 'lab', `mta-sts.${mode}.txt`), 'utf8')
  } catch {
    return ''
  }
}

interface RunningHost {
  host: LabHost
  https: https.Server
  http: http.Server
  httpsPort: number
  httpPort: number
}

/** How to start the lab: its mode, its state folder and the workspace to write its engagement into. */
export interface LabOptions {
  mode?: LabMode
  /** State folder for the lab CA (default labStateDir()). */
  stateDir?: string
  /** Workspace to write the lab's engagement into (default <stateDir>/workspace). */
  workspace?: string
}

/** Counts connections to the out-of-scope sentinel: any count above zero is a scope breach. */
export interface SentinelCounter {
  connections: number
}

/** The demo lab: authoritative DNS, HTTPS hosts, lab CA and planted flaws on loopback. */
export class Lab {
  mode: LabMode
  readonly accounts = new LabAccounts()
  /** The exposed-secrets stage: planted values, decoys, generated sources (src/lab/secrets.ts). */
  readonly secrets = new SecretsLab()
  /** The monitoring stage: core read, health, alert receivers (src/lab/monitoring.ts). */
  readonly monitoring = new MonitoringLab(this.accounts)
  /** The client area with the access flaws of stages 1–2 (src/lab/portal.ts). */
  readonly portal = new PortalLab(this.accounts)
  /** The write endpoints of the behaviour checks (src/lab/behaviour.ts). */
  readonly behaviour = new BehaviourLab(this.accounts)
  /** The HTTP surface: headers, edge, CORS, redirects, exposed files, cookies, caching (src/lab/surface.ts). */
  readonly surface = new SurfaceLab()
  /** The provider APIs (Cloudflare, UptimeRobot, Better Stack, GitHub) the integration checks read (src/lab/providers.ts). */
  readonly providers: ProvidersLab
  readonly sentinel: SentinelCounter = { connections: 0 }
  /** ns1: the primary, also the engagement's resolver. */
  dns!: AuthoritativeDnsServer
  /** ns2: a secondary that lags behind in the flawed lab. */
  dns2!: AuthoritativeDnsServer
  workspace = ''
  caFile = ''
  private running: RunningHost[] = []
  /** TCP connections accepted per host name (HTTPS and HTTP), for tests that count what the audit opened. */
  private accepted = new Map<string, number>()
  private sentinelServers: net.Server[] = []
  private sentinelPorts = { https: 0, http: 0 }
  private ca!: Authority
  private unknownCa!: Authority
  private leafKey = ''
  /** A 1024-bit leaf key for the host planted with a weak key, made on each start (it is fast at that size). */
  private weakLeafKey = ''

  private constructor(
    mode: LabMode,
    readonly stateDir: string,
  ) {
    this.mode = mode
    this.providers = new ProvidersLab(mode, { zoneRecords: (m) => loadZone(m, 'ns1').records })
    this.secrets.bundlePrelude = (m) => this.monitoring.errors.bundlePrelude(m)
  }

  /** Starts every lab server on 127.0.0.1 (random ports) and writes the lab workspace's engagement. */
  static async start(options: LabOptions = {}): Promise<Result<Lab>> {
    const stateDir = options.stateDir ?? labStateDir()
    const lab = new Lab(options.mode ?? 'flawed', stateDir)
    await mkdir(stateDir, { recursive: true, mode: 0o700 })
    lab.ca = await labAuthority(stateDir)
    lab.leafKey = await persistentKey(path.join(stateDir, 'leaf.key'))
    lab.weakLeafKey = newRsaKey(1024)
    // The "unknown" CA is made fresh each start and never saved: nobody can trust it.
    lab.unknownCa = makeAuthority('Unknown Issuing CA', newRsaKey(2048), 3650, 'Nobody You Know Ltd')
    const zone = loadZone(lab.mode, 'ns1')
    lab.dns = new AuthoritativeDnsServer({ zones: zone.zones, records: zone.records })
    await lab.dns.start()
    lab.dns2 = new AuthoritativeDnsServer({ zones: zone.zones, records: loadZone(lab.mode, 'ns2').records })
    await lab.dns2.start()
    for (const host of LAB_HOSTS) lab.running.push(await lab.startHost(host))
    await lab.startSentinel()
    await lab.monitoring.start(
      (name) => lab.certificate({ issuer: 'lab', names: [name], fromDays: -10, toDays: 80 }),
      () => lab.mode,
    )
    await lab.providers.start(
      lab.certificate({ issuer: 'lab', names: Object.values(PROVIDER_HOSTS), fromDays: -10, toDays: 80 }),
    )
    lab.workspace = path.resolve(options.workspace ?? path.join(stateDir, 'workspace'))
    const written = await lab.writeWorkspace()
    if (!written.ok) {
      await lab.stop()
      return written
    }
    await lab.secrets.writeSources(lab.workspace, lab.mode)
    return ok(lab)
  }

  /** Switches between the flawed and the repaired portal without restarting. */
  setMode(mode: LabMode): void {
    this.mode = mode
    this.dns.setRecords(loadZone(mode, 'ns1').records)
    this.dns2.setRecords(loadZone(mode, 'ns2').records)
    for (const r of this.running) r.https.setSecureContext(this.secureContext(r.host))
    this.secrets.setMode(this.workspace, mode)
    this.providers.mode = mode
  }

  /** Hosts and their flaws, for `handover lab` to print. */
  get hosts(): { name: string; httpsPort: number; httpPort: number; flaw?: string }[] {
    return this.running.map((r) => ({
      name: r.host.name,
      httpsPort: r.httpsPort,
      httpPort: r.httpPort,
      ...(r.host.flaw ? { flaw: r.host.flaw } : {}),
    }))
  }

  /** Connections the lab's servers for `host` have accepted so far. */
  connections(host: string): number {
    return this.accepted.get(host) ?? 0
  }

  get caPem(): string {
    return this.ca.certPem
  }

  /** Passwords of the lab accounts by keychain name, for the in-memory credential store of the demo. */
  credentials(): Record<string, string> {
    return {
      ...Object.fromEntries(this.accounts.accounts.map((a) => [`acme-${a.id}`, a.password])),
      ...this.secrets.credentials(),
      ...this.monitoring.credentials(),
      ...this.portal.credentials(),
      ...this.providers.credentials(),
    }
  }

  async stop(): Promise<void> {
    const close = (s: net.Server): Promise<void> =>
      new Promise((resolve) => {
        s.close(() => resolve())
        ;(s as http.Server).closeAllConnections?.()
      })
    await Promise.all([
      ...this.running.flatMap((r) => [close(r.https), close(r.http)]),
      ...this.sentinelServers.map(close),
      this.monitoring.stop(),
    ])
    await Promise.all([this.dns.stop(), this.dns2.stop(), this.providers.stop()])
  }

  private certificate(plan: CertPlan): ServerIdentity {
    const issuer = plan.issuer === 'unknown' ? this.unknownCa : this.ca
    const now = Date.now()
    return issueLeaf(issuer, plan.keyBits === 1024 ? this.weakLeafKey : this.leafKey, {
      names: plan.names,
      notBefore: new Date(now + plan.fromDays * DAY),
      notAfter: new Date(now + plan.toDays * DAY),
      ...(plan.digest ? { digest: plan.digest } : {}),
    })
  }

  private secureContext(host: LabHost): https.ServerOptions {
    const plan = host.cert(this.mode)
    const id = this.certificate(plan)
    const legacy = host.legacyTls(this.mode)
    const suites = host.suites?.(this.mode)
    // DEFAULT deletes eNULL and aNULL for good ("!"), so the weak host starts from HIGH.
    // Old protocols, SHA-1 signatures, small keys and weak suites all need OpenSSL's security level 0.
    const level0 = legacy || suites === 'weak' || plan.keyBits !== undefined || plan.digest !== undefined
    const ciphers =
      suites === 'weak'
        ? 'HIGH:NULL-SHA256:NULL-SHA:ADH-AES128-SHA:AECDH-AES128-SHA'
        : suites === 'no-forward-secrecy'
          ? 'AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256'
          : 'DEFAULT'
    return {
      key: id.keyPem,
      cert: id.certPem,
      minVersion: legacy ? 'TLSv1' : 'TLSv1.2',
      // Without forward secrecy means without TLS 1.3 too: every TLS 1.3 suite is ephemeral.
      ...(suites === 'no-forward-secrecy'
        ? { maxVersion: 'TLSv1.2' as const }
        : { maxVersion: 'TLSv1.3' as const }),
      ciphers: level0 ? `${ciphers}:@SECLEVEL=0` : ciphers,
      ...(suites === 'weak' ? { dhparam: 'auto' } : {}),
    }
  }

  private async startHost(host: LabHost): Promise<RunningHost> {
    const ctx = {
      accounts: this.accounts,
      mtaStsPolicy,
      secrets: this.secrets,
      monitoring: this.monitoring,
      portal: this.portal,
      behaviour: this.behaviour,
    }
    const secure = https.createServer(this.secureContext(host), (req, res) =>
      this.surface.https(this.mode, host.name, req, res, this.accounts, (r) =>
        host.https(this.mode, r, res, ctx),
      ),
    )
    const plain = http.createServer((req, res) => host.http(this.mode, req, res, ctx))
    for (const s of [secure, plain]) {
      s.on('clientError', (_err, socket) => socket.destroy())
      s.on('connection', () => this.accepted.set(host.name, (this.accepted.get(host.name) ?? 0) + 1))
    }
    const httpsPort = await listen(secure)
    const httpPort = await listen(plain)
    return { host, https: secure, http: plain, httpsPort, httpPort }
  }

  private async startSentinel(): Promise<void> {
    const count = (socket: net.Socket): void => {
      this.sentinel.connections++
      socket.destroy()
    }
    // Raw TCP listeners: any connection at all, even one that never completes TLS, is counted.
    const a = net.createServer(count)
    const b = net.createServer(count)
    this.sentinelServers = [a, b]
    this.sentinelPorts = { https: await listen(a), http: await listen(b) }
  }

  /** The engagement a consultant would write for this portal, pointed at the lab's ports. */
  engagement(): Record<string, unknown> {
    const connectTo = this.running.flatMap((r) => [
      `${r.host.name}:443:127.0.0.1:${r.httpsPort}`,
      `${r.host.name}:80:127.0.0.1:${r.httpPort}`,
    ])
    // A route to the sentinel exists on purpose: a tool that followed links or redirects out of scope would reach it.
    // The zone's nameservers, asked directly by the DNS checks, listen on the lab's ports rather than 53.
    connectTo.push(
      `ns1.${LAB_APEX}:53:127.0.0.1:${this.dns.port}`,
      `ns2.${LAB_APEX}:53:127.0.0.1:${this.dns2.port}`,
    )
    connectTo.push(...this.monitoring.connectTo())
    for (const outside of [SENTINEL, HELPDESK]) {
      connectTo.push(
        `${outside}:443:127.0.0.1:${this.sentinelPorts.https}`,
        `${outside}:80:127.0.0.1:${this.sentinelPorts.http}`,
      )
    }
    // The provider APIs keep their real names; connectTo routes them to the lab's server, and scope.allow lists them.
    const providers = this.providers.engagementPart()
    connectTo.push(...providers.connectTo)
    return {
      schema: 'handover.engagement/1',
      name: 'Acme client portal (demo lab)',
      client: 'Acme Ltd',
      consultant: 'Demo Consultant',
      domains: { apex: LAB_APEX, www: true, subdomains: ['app', 'api', 'help', 'status', 'docs', 'files'] },
      portal: {
        url: 'https://app.acme.test/',
        login: 'https://app.acme.test/login',
        crawl: this.portal.engagementPart().crawl,
        routes: this.portal.engagementPart().routes,
      },
      api: {
        base: 'https://api.acme.test/',
        openapi: this.portal.engagementPart().openapi,
        endpoints: [
          ...this.portal.engagementPart().endpoints,
          ...this.behaviour.engagementPart().endpoints,
          { method: 'GET', path: PUBLIC_ENDPOINT, protected: false },
        ],
      },
      accounts: this.accounts.accounts.map((a) => ({
        id: a.id,
        role: a.role,
        username: a.username,
        password: `keychain:acme-${a.id}`,
      })),
      auth: {
        kind: 'api',
        login: {
          url: 'https://api.acme.test/api/login',
          method: 'POST',
          json: { email: '{username}', password: '{password}' },
          token: 'token',
        },
        carry: 'bearer',
        logout: { url: 'https://api.acme.test/api/logout', method: 'POST' },
        maxSessionHours: 24,
        resetLinks: this.portal.engagementPart().resetLinks,
        adminAction: this.portal.engagementPart().adminAction,
      },
      flows: this.portal.flows.engagementPart(),
      upload: this.behaviour.uploads.engagementPart(),
      isolation: this.behaviour.isolation.engagementPart(),
      assistant: this.behaviour.assistant.engagementPart(),
      rateLimits: {
        login: { attempts: 12, username: 'handover-rate-limit@acme.test' },
        api: { url: 'https://api.acme.test/api/search?q=invoice', burst: 30 },
      },
      mail: {
        domain: LAB_APEX,
        dkimSelectors: ['s1', 's2'],
        senders: ['192.0.2.10'],
        sendingDomains: [`news.${LAB_APEX}`, `billing.${LAB_APEX}`],
      },
      monitoring: this.monitoring.engagementPart(),
      // Fictional people; the phone numbers are in Ofcom's range kept for drama (020 7946 0xxx), reachable by nobody.
      incident: {
        contacts: [
          {
            name: 'Sam Reyes',
            role: 'CTO',
            email: 'sam@acme.test',
            phone: '+44 20 7946 0018',
            chat: '@sam (Slack #acme-ops)',
            onCall: 1,
          },
          {
            name: 'Ana Costa',
            role: 'Lead developer',
            email: 'ana@acme.test',
            phone: '+44 20 7946 0019',
            chat: '@ana (Slack #acme-ops)',
            onCall: 2,
          },
          {
            name: 'Priya Nair',
            role: 'Privacy officer',
            email: 'privacy@acme.test',
            callFor: ['data-exposure'],
          },
        ],
        targets: { firstResponseMinutes: 15, escalateAfterMinutes: 30, statusPageMinutes: 30 },
      },
      ...this.secrets.engagementPart(),
      integrations: providers.integrations,
      scope: {
        allow: [LAB_APEX, `*.${LAB_APEX}`, ...providers.allow],
        active: ['webhooks', 'alerts', 'authz', 'input', 'rate-limit', 'flows', 'uploads', 'assistant'],
        maxRequests: 3000,
        maxRps: 1000,
      },
      network: {
        resolver: `127.0.0.1:${this.dns.port}`,
        connectTo,
        caFile: 'lab-ca.pem',
        // Loopback answers in milliseconds, but a 2-core machine running a test suite can stall any process for
        // seconds: tight timeouts there turn load into `error` results (a DKIM lookup, a provider read), which a
        // diff then calls a regression. Nothing in the lab hangs on purpose, so slack costs no time.
        timeouts: { connectMs: 5000, readMs: 10000, totalMs: 20000 },
      },
    }
  }

  /** Writes handover.json and lab-ca.pem; refuses a folder that holds an engagement not made by the lab. */
  private async writeWorkspace(): Promise<Result<void>> {
    await mkdir(this.workspace, { recursive: true })
    const engagementFile = path.join(this.workspace, ENGAGEMENT_FILE)
    const hasEngagement = await exists(engagementFile)
    if (hasEngagement && !(await exists(path.join(this.workspace, MARKER)))) {
      return failure(
        'LAB_WORKSPACE',
        `${this.workspace} already holds an engagement that the lab did not write; choose another folder for the lab.`,
      )
    }
    await writeFile(
      path.join(this.workspace, MARKER),
      'This workspace belongs to the Handover demo lab; the lab rewrites handover.json on every start.\n',
    )
    this.caFile = path.join(this.workspace, 'lab-ca.pem')
    await writeFileAtomic(this.caFile, this.ca.certPem)
    await writeFileAtomic(engagementFile, toJson(this.engagement()))
    return ok(undefined)
  }

  /** The CA certificate file, for peers such as testssl (`--add-ca`). */
  async caCertificate(): Promise<string> {
    return readFile(this.caFile, 'utf8')
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file)
    return true
  } catch {
    return false
  }
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))
  })
}
