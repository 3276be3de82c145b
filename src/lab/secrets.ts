// The demo lab's exposed-secrets stage: a JS bundle with a service key and an escaped PEM key, a Google-style
// service-account .p12 linked from the home page, a public source map holding a token, a config endpoint with a
// service-role key, a generated git repository whose history holds a removed key, a tracked .env, env files
// sharing a key, logs with tokens, and a webhook receiver that takes unsigned events. Every value is made at lab
// start; none is ever committed (the repo stays clean under secret scanning). `fixed` repairs all of it and keeps
// the decoys that must not be reported.
import { createHmac, generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { renameSync, symlinkSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import forge from 'node-forge'
import { makeAuthority } from './ca'
import { drainBody, send } from './api'
import type { LabMode } from './types'
import { buildLabRepo, type RepoCommit } from './secrets-repo'

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** Random characters from an alphabet (lab values are fresh on every start). */
function random(n: number, alphabet = ALNUM): string {
  const bytes = randomBytes(n)
  let out = ''
  for (let i = 0; i < n; i++) out += alphabet[bytes[i]! % alphabet.length]
  return out
}

function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url')
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.${randomBytes(32).toString('base64url')}`
}

/**
 * A Google Cloud-style service-account keystore: a fresh key and a self-signed certificate in a PKCS#12 whose
 * password is Google's fixed `notasecret`, as the console hands them out. Base64 of the DER.
 */
function serviceAccountKeystore(): string {
  const keyPem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string
  const { certPem } = makeAuthority('acme-deploy@acme-portal.iam.gserviceaccount.com', keyPem, 365, 'Acme')
  const p12 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(keyPem),
    [forge.pki.certificateFromPem(certPem)],
    'notasecret',
    { algorithm: '3des', friendlyName: 'privatekey' },
  )
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary').toString('base64')
}

/** Joins prefixes at run time so no provider prefix sits next to a value in the source. */
const p = (...parts: string[]): string => parts.join('')

/** The values the flawed lab plants, each of which the audit must find and never write anywhere. */
export interface PlantedSecrets {
  bundleServiceKey: string
  bundlePrivateKey: string
  /** Base64 of a service-account .p12 served as a download on the portal. */
  servedKeystore: string
  sourceMapToken: string
  configServiceRole: string
  historyKey: string
  trackedEnvPassword: string
  sharedKey: string
  logBearer: string
  logBearer2: string
  logPassword: string
  buildLogKey: string
  webhookSecret: string
}

/** Values that look like secrets but are public by design or placeholders: none may be reported. */
export interface LabDecoys {
  firebaseApiKey: string
  stripePublishable: string
  supabaseAnon: string
  sentryDsn: string
}

/** The workspace sub-folder that holds the lab's sources for the current mode (a link switched by setMode). */
export const LAB_SOURCES = 'lab-sources'

/** The exposed-secrets stage of the lab: planted values, decoys and the sources they are planted in. */
export class SecretsLab {
  readonly planted: PlantedSecrets
  readonly decoys: LabDecoys
  /** Per-mode stand-ins for values that the fixed lab replaced (rotated). */
  private readonly rotated: { shared: [string, string]; historyKey: string }
  private root = ''
  /** Code put before the bundle's own (the fixed lab's error-tracking client); set by the lab. */
  bundlePrelude: (mode: LabMode) => string = () => ''

  constructor() {
    const pem = (
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      }) as string
    ).trim()
    this.planted = {
      bundleServiceKey: p('SG', '.', random(22), '.', random(43)),
      bundlePrivateKey: pem,
      servedKeystore: serviceAccountKeystore(),
      sourceMapToken: p('gh', 'p_', random(36)),
      configServiceRole: jwt({ iss: 'supabase', ref: 'acmeportal', role: 'service_role', iat: 1735689600 }),
      historyKey: p('sk', '_live_', random(32)),
      trackedEnvPassword: random(24),
      sharedKey: p('sk', '_live_', random(32)),
      logBearer: randomBytes(24).toString('base64url'),
      logBearer2: jwt({ sub: 'alice', exp: 1893456000 }),
      logPassword: `${random(10)}!${random(6)}`,
      buildLogKey: p('sk', '_live_', random(32)),
      webhookSecret: p('wh', 'sec_', randomBytes(24).toString('base64')),
    }
    this.decoys = {
      firebaseApiKey: p('AI', 'za', random(35, `${ALNUM}-_`)),
      stripePublishable: p('pk', '_live_', random(32)),
      supabaseAnon: jwt({ iss: 'supabase', ref: 'acmeportal', role: 'anon', iat: 1735689600 }),
      sentryDsn: `https://${randomBytes(16).toString('hex')}@o4507.ingest.sentry.io/4508`,
    }
    this.rotated = {
      shared: [p('sk', '_live_', random(32)), p('sk', '_test_', random(32))],
      historyKey: p('sk', '_live_', random(32)),
    }
  }

  /** Every planted value, for tests that prove none reaches a file or the terminal. */
  plantedValues(): string[] {
    return Object.values(this.planted)
  }

  /** The keychain entries the demo's in-memory store needs (the webhook receiver's signing secret). */
  credentials(): Record<string, string> {
    return { 'acme-stripe-webhook': this.planted.webhookSecret }
  }

  /** The engagement's stage-3 fields: sources (relative to the workspace), webhooks and the log policy. */
  engagementPart(): { sources: Record<string, unknown>; secrets: Record<string, unknown> } {
    return {
      sources: {
        repo: `${LAB_SOURCES}/repo`,
        envFiles: {
          production: `${LAB_SOURCES}/env/production.env`,
          staging: `${LAB_SOURCES}/env/staging.env`,
        },
        logs: [`${LAB_SOURCES}/logs/app.log`, `${LAB_SOURCES}/logs/build.log`],
      },
      secrets: {
        webhooks: [
          {
            url: 'https://api.acme.test/webhooks/stripe',
            style: 'stripe',
            secret: 'keychain:acme-stripe-webhook',
          },
        ],
        logPolicy: { emails: true, cardNumbers: true },
      },
    }
  }

  /** Writes both modes' sources under the workspace and points `lab-sources` at the current mode. */
  async writeSources(workspace: string, mode: LabMode): Promise<void> {
    this.root = path.join(workspace, '.lab-secrets')
    await rm(this.root, { recursive: true, force: true })
    for (const m of ['flawed', 'fixed'] as const) {
      const dir = path.join(this.root, m)
      await mkdir(path.join(dir, 'env'), { recursive: true })
      await mkdir(path.join(dir, 'logs'), { recursive: true })
      await buildLabRepo(path.join(dir, 'repo'), this.history(m))
      const [production, staging] = this.envFiles(m)
      await writeFile(path.join(dir, 'env', 'production.env'), production)
      await writeFile(path.join(dir, 'env', 'staging.env'), staging)
      const [app, build] = this.logs(m)
      await writeFile(path.join(dir, 'logs', 'app.log'), app)
      await writeFile(path.join(dir, 'logs', 'build.log'), build)
    }
    this.setMode(workspace, mode)
  }

  /** Points the workspace's `lab-sources` at the mode's folder (a directory link, replaced atomically). */
  setMode(workspace: string, mode: LabMode): void {
    if (!this.root) return
    const link = path.join(workspace, LAB_SOURCES)
    const temp = `${link}.${process.pid}.${randomBytes(3).toString('hex')}`
    // Synchronous, so an audit started right after setMode already reads the new mode's files.
    symlinkSync(path.join(this.root, mode), temp, 'junction')
    renameSync(temp, link)
  }

  private history(mode: LabMode): RepoCommit[] {
    const readme = [
      '# Acme client portal',
      '',
      'Copy `.env.example` to `.env` and fill in your own keys:',
      '',
      '```',
      'STRIPE_SECRET_KEY=sk_live_your-key-here',
      `AWS_ACCESS_KEY_ID=${p('AKIA', 'IOSFODNN7', 'EXAMPLE')}`,
      'SLACK_BOT_TOKEN=xoxb-your-token-here',
      'OPENAI_API_KEY=<your-key>',
      'DATABASE_URL=postgres://user:${DB_PASSWORD}@localhost:5432/acme',
      '```',
      '',
    ].join('\n')
    const firebase = [
      '// Firebase web config: public by design (restricted by referrer in the Google Cloud console).',
      'export const firebaseConfig = {',
      `  apiKey: "${this.decoys.firebaseApiKey}",`,
      '  authDomain: "acme-portal.firebaseapp.com",',
      '  projectId: "acme-portal",',
      '  messagingSenderId: "84121901234",',
      '}',
      '',
    ].join('\n')
    const checkout = `export const stripe = Stripe("${this.decoys.stripePublishable}")\n`
    const exampleEnv = 'STRIPE_SECRET_KEY=\nDATABASE_URL=\nSESSION_SECRET=\n'
    const payments = (key: string): string => `// Payments client.\nexport const stripeKey = ${key}\n`
    const base: RepoCommit[] = [
      {
        message: 'Start the Acme portal',
        author: 'Sam Founder <sam@acme.test>',
        files: {
          'README.md': readme,
          'src/firebase.ts': firebase,
          'src/checkout.ts': checkout,
          '.env.example': exampleEnv,
          '.gitignore': mode === 'fixed' ? 'node_modules/\n.env\n' : 'node_modules/\n',
        },
      },
    ]
    if (mode === 'flawed') {
      base.push(
        {
          message: 'Wire up payments',
          author: 'Dev Contractor <dev@contractor.test>',
          files: { 'src/payments.ts': payments(`"${this.planted.historyKey}"`) },
        },
        {
          message: 'Read the Stripe key from the environment',
          author: 'Sam Founder <sam@acme.test>',
          files: { 'src/payments.ts': payments('process.env.STRIPE_SECRET_KEY') },
        },
        {
          message: 'Local settings',
          author: 'Dev Contractor <dev@contractor.test>',
          files: {
            '.env': `DATABASE_URL=postgres://portal:${this.planted.trackedEnvPassword}@db.acme.internal:5432/portal\nLOG_LEVEL=debug\n`,
          },
        },
      )
    } else {
      base.push({
        message: 'Wire up payments',
        author: 'Dev Contractor <dev@contractor.test>',
        files: { 'src/payments.ts': payments('process.env.STRIPE_SECRET_KEY') },
      })
    }
    return base
  }

  private envFiles(mode: LabMode): [string, string] {
    const [prodKey, stagingKey] =
      mode === 'flawed' ? [this.planted.sharedKey, this.planted.sharedKey] : this.rotated.shared
    const env = (stripe: string, db: string, extra: string): string =>
      [
        `STRIPE_SECRET_KEY=${stripe}`,
        `DATABASE_URL=postgres://portal:${db}@db.acme.internal:5432/portal`,
        `SESSION_SECRET=${random(40)}`,
        'LOG_LEVEL=info',
        `PUBLIC_SUPABASE_ANON_KEY=${this.decoys.supabaseAnon}`,
        extra,
        '',
      ].join('\n')
    return [
      env(prodKey, random(24), 'SENTRY_ENVIRONMENT=production'),
      env(stagingKey, random(24), 'SENTRY_ENVIRONMENT=staging'),
    ]
  }

  private logs(mode: LabMode): [string, string] {
    const at = (s: number): string => new Date(Date.UTC(2026, 10, 28, 9, 0, s)).toISOString()
    const flawed = mode === 'flawed'
    const app = [
      `${at(1)} INFO  GET /api/me 200 12ms request_id=7f3a`,
      `${at(2)} DEBUG incoming headers: {"host":"api.acme.test","authorization":"Bearer ${flawed ? this.planted.logBearer : '[REDACTED]'}"}`,
      `${at(3)} INFO  POST /api/login 200 48ms user=${flawed ? 'alice@acme.test' : 'a***@acme.test'}`,
      `${at(4)} DEBUG login body: email=${flawed ? 'bob@acme.test' : '[FILTERED]'}&password=${flawed ? this.planted.logPassword : '[FILTERED]'}`,
      `${at(5)} INFO  GET /api/invoices 200 30ms`,
      `${at(6)} WARN  retrying upstream with Authorization: Bearer ${flawed ? this.planted.logBearer2 : '[REDACTED]'}`,
      `${at(7)} INFO  POST /api/payments 201 210ms card=${flawed ? '4242 4242 4242 4242' : '**** **** **** 4242'}`,
      '',
    ].join('\n')
    const build = [
      '> acme-portal@1.4.0 build',
      '> node scripts/build.mjs',
      '',
      flawed
        ? `Loaded environment: STRIPE_SECRET_KEY=${this.planted.buildLogKey} NODE_ENV=production`
        : 'Loaded environment: STRIPE_SECRET_KEY=*** NODE_ENV=production',
      'Bundling 214 modules… done in 3.1 s',
      '',
    ].join('\n')
    return [app, build]
  }

  /** The portal's bundle as served (flawed: a service key and an escaped PEM key, and a source map). */
  private bundle(mode: LabMode): string {
    const prelude = this.bundlePrelude(mode)
    const lines = [
      ...(prelude ? [prelude] : []),
      '/* Acme portal */',
      '(()=>{"use strict";',
      `const firebaseConfig={apiKey:"${this.decoys.firebaseApiKey}",authDomain:"acme-portal.firebaseapp.com",projectId:"acme-portal",messagingSenderId:"84121901234"};`,
      `const stripe=Stripe("${this.decoys.stripePublishable}");`,
      'fetch("/api/config").then(r=>r.json()).then(c=>{window.__CFG=c});',
    ]
    if (mode === 'flawed') {
      lines.push(
        `const mailer={provider:"sendgrid",apiKey:"${this.planted.bundleServiceKey}"};`,
        // Bundlers write multi-line strings with escapes: here \r\n, the form secretlint misses.
        `const signer={key:${JSON.stringify(this.planted.bundlePrivateKey.replace(/\n/g, '\r\n') + '\r\n')}};`,
      )
    }
    lines.push('})();')
    if (mode === 'flawed') lines.push('//# sourceMappingURL=app.js.map')
    return `${lines.join('\n')}\n`
  }

  private sourceMap(): string {
    return JSON.stringify({
      version: 3,
      file: 'app.js',
      sources: ['webpack:///src/main.ts', 'webpack:///src/admin/deploy-bot.ts'],
      sourcesContent: [
        'import { firebaseConfig } from "./firebase"\nstart(firebaseConfig)\n',
        `// Deploy bot for the admin pages (tree-shaken from the bundle, but not from this map).\nexport const GITHUB_TOKEN = "${this.planted.sourceMapToken}"\n`,
      ],
      mappings: 'AAAA,SAASA;AACA',
    })
  }

  /**
   * Extra markup for the portal's home page: the bundle and a framework payload (public values only); the
   * flawed page also links the deploy key someone left in the web root.
   */
  homeMarkup(mode: LabMode): string {
    const nextData = JSON.stringify({ props: { pageProps: {}, sentryDsn: this.decoys.sentryDsn }, page: '/' })
    const download =
      mode === 'flawed' ? '<p><a href="/downloads/service-account.p12">Deploy key (ops only)</a></p>' : ''
    return `<script id="__NEXT_DATA__" type="application/json">${nextData}</script><script src="/assets/app.js" defer></script>${download}`
  }

  /** Serves the lab's frontend files on app.acme.test; false when the path is not one of them. */
  app(mode: LabMode, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): boolean {
    const route = (req.url ?? '/').split('?')[0]
    const serve = (status: number, type: string, body: string): true => send(res, status, type, body, headers)
    if (route === '/assets/app.js') return serve(200, 'application/javascript', this.bundle(mode))
    if (route === '/assets/app.js.map')
      return mode === 'flawed'
        ? serve(200, 'application/json', this.sourceMap())
        : serve(404, 'text/plain', 'not found')
    if (route === '/downloads/service-account.p12') {
      if (mode === 'fixed') return serve(404, 'text/plain', 'not found')
      const body = Buffer.from(this.planted.servedKeystore, 'base64')
      res.writeHead(200, {
        'content-type': 'application/x-pkcs12',
        'content-length': body.length,
        ...headers,
      })
      res.end(body)
      return true
    }
    if (route === '/api/config')
      return serve(
        200,
        'application/json',
        JSON.stringify({
          supabaseUrl: 'https://acmeportal.supabase.co',
          supabaseKey: mode === 'flawed' ? this.planted.configServiceRole : this.decoys.supabaseAnon,
        }),
      )
    return false
  }

  /** The Stripe-style webhook receiver on api.acme.test: the flawed one accepts anything. */
  api(mode: LabMode, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): boolean {
    const route = (req.url ?? '/').split('?')[0]
    if (route !== '/webhooks/stripe') return false
    const answer = (status: number, body: unknown): void => {
      send(res, status, 'application/json', JSON.stringify(body), headers)
    }
    if (req.method !== 'POST') {
      answer(405, { error: 'POST only' })
      return true
    }
    drainBody(req, 64 * 1024, (kept) => {
      const body = kept.toString('utf8')
      if (mode === 'flawed') return answer(200, { received: true })
      const ok = verifyStripeSignature(
        String(req.headers['stripe-signature'] ?? ''),
        body,
        this.planted.webhookSecret,
      )
      answer(ok ? 200 : 400, ok ? { received: true } : { error: 'signature verification failed' })
    })
    return true
  }
}

/** Stripe's scheme: `t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`, five minutes of tolerance. */
export function verifyStripeSignature(
  header: string,
  body: string,
  secret: string,
  now = Date.now(),
): boolean {
  const parts = Object.fromEntries(
    header
      .split(',')
      .map((kv) => kv.split('='))
      .filter((kv) => kv.length === 2)
      .map(([k, v]) => [k!.trim(), v!.trim()]),
  )
  const t = Number(parts.t)
  if (!Number.isFinite(t) || Math.abs(now / 1000 - t) > 300 || !parts.v1) return false
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest()
  const given = Buffer.from(String(parts.v1), 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
