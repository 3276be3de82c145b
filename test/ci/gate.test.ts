// The pre-deploy gate: `handover ci init` writes a workflow that GitHub's own parser accepts, and its steps, run one
// by one here against the demo lab, fail on a planted regression and pass once it is fixed. No secret is written.
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gateEngagement } from '../../src/ci/gate'
import { toYaml } from '../../src/ci/yaml'
import { parseEngagement } from '../../src/engagement/load'
import { credentialsFromEnv, envNameFor, parseEnvMapping } from '../../src/keychain/env-credentials'
import { MemoryCredentials } from '../../src/keychain/keychain'
import { cli } from '../helpers/cli'
import { startTestLab, type TestLab } from '../helpers/lab'

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..')

/** The errors GitHub's workflow parser finds in a file (none for a valid workflow). */
function githubWorkflowErrors(file: string): string[] {
  const checker = path.join(REPO_ROOT, 'test', 'helpers', 'github-workflow-check.ts')
  const out = execFileSync(process.execPath, ['--import', 'tsx', checker, file], { encoding: 'utf8' })
  return JSON.parse(out) as string[]
}

describe('--credentials-from-env', () => {
  it('maps each variable to its keychain name and reads the values from the environment only', async () => {
    const mapping = parseEnvMapping(['CF_TOKEN=cloudflare-token,HANDOVER_ACME_ALICE=keychain:acme-alice'])
    expect(mapping.ok && mapping.value).toEqual([
      { env: 'CF_TOKEN', name: 'cloudflare-token' },
      { env: 'HANDOVER_ACME_ALICE', name: 'acme-alice' },
    ])
    const fallback = new MemoryCredentials({ other: 'from-the-keychain' })
    const store = credentialsFromEnv(
      mapping.ok ? mapping.value : [],
      { CF_TOKEN: 'cf-secret-1', HANDOVER_ACME_ALICE: 'alice-pass' },
      fallback,
    )
    if (!store.ok) throw new Error(store.error.message)
    expect(await store.value.get('cloudflare-token')).toEqual({ ok: true, value: 'cf-secret-1' })
    expect(await store.value.get('other')).toEqual({ ok: true, value: 'from-the-keychain' })
    // A key the audit makes (the findings key) stays in memory: nothing reaches the real keychain behind it.
    await store.value.set('findings-key.acme', 'made-in-ci')
    expect((await fallback.get('findings-key.acme')).ok).toBe(false)
  })

  it('refuses a malformed pair, a name mapped twice and an unset variable, each in one sentence', () => {
    const bad = parseEnvMapping(['CF_TOKEN'])
    expect(!bad.ok && bad.error.message).toBe(
      '--credentials-from-env: "CF_TOKEN" is not ENV_VAR=keychain-name (such as CF_API_TOKEN=cloudflare-token)',
    )
    const twice = parseEnvMapping(['A=cf', 'B=cf'])
    expect(!twice.ok && twice.error.message).toBe(
      '--credentials-from-env: keychain:cf is mapped from both A and B',
    )
    expect(parseEnvMapping(['']).ok).toBe(true)
    const unset = credentialsFromEnv(
      [{ env: 'CF_TOKEN', name: 'cf' }],
      { CF_TOKEN: '' },
      new MemoryCredentials(),
    )
    expect(!unset.ok && unset.error.message).toBe(
      '--credentials-from-env: CF_TOKEN (for keychain:cf) is not set or is empty in the environment',
    )
  })

  it('names the variable of a keychain name in capitals', () => {
    expect(envNameFor('acme-stripe.webhook')).toBe('HANDOVER_ACME_STRIPE_WEBHOOK')
  })
})

describe('the gate consent', () => {
  const engagement = (ci: unknown) =>
    parseEngagement(
      JSON.stringify({
        schema: 'handover.engagement/1',
        name: 'Acme',
        domains: { apex: 'acme.test' },
        scope: { allow: ['acme.test', '*.acme.test'], active: ['authz', 'webhooks'] },
        ...(ci ? { ci } : {}),
      }),
      '/tmp/x/handover.json',
    )

  it('runs no active family unless ci.active lists it', async () => {
    const none = await engagement(undefined)
    if (!none.ok) throw new Error(none.error.message)
    expect(gateEngagement(none.value).scope.active).toEqual([])
    const some = await engagement({ active: ['webhooks'] })
    if (!some.ok) throw new Error(some.error.message)
    expect(gateEngagement(some.value).scope.active).toEqual(['webhooks'])
  })

  it('refuses a ci.active family the engagement never consented to', async () => {
    const bad = await engagement({ active: ['rate-limit'] })
    expect(!bad.ok && bad.error.message).toMatch(
      /^handover\.json: ci\.active: rate-limit is not consented in scope\.active, so the CI gate may not run it\b/,
    )
  })
})

describe('the YAML writer', () => {
  it('writes what a YAML parser reads back as the same value', () => {
    const value = {
      'a key': 'x: y # not a comment',
      list: [{ run: 'line 1\nline 2\n', if: '${{ !cancelled() }}' }, 'plain', 3, true, null],
      empty: {},
      none: [],
      nested: { deeper: [{ k: 'v', other: ['"quoted"'] }] },
    }
    expect(parseYaml(toYaml(value, ['header']))).toEqual(value)
  })
})

/** GitLab's documented job keywords that the gate uses, closed: an unknown or misspelt key fails. */
const gitlabJob = z.strictObject({
  stage: z.string(),
  image: z.string(),
  rules: z.array(z.strictObject({ if: z.string() })),
  parallel: z.strictObject({
    matrix: z
      .array(z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.string()))
      .min(1)
      .max(200),
  }),
  environment: z.strictObject({
    name: z.string(),
    action: z.enum(['start', 'prepare', 'stop', 'verify', 'access']),
  }),
  variables: z.record(z.string(), z.string()),
  before_script: z.array(z.string()),
  script: z.array(z.string()).min(1),
  artifacts: z.strictObject({
    when: z.enum(['on_success', 'on_failure', 'always']),
    expire_in: z.string(),
    paths: z.array(z.string()),
    reports: z.strictObject({ junit: z.string() }),
  }),
})
const gitlabPipeline = z.strictObject({ stages: z.array(z.string()), 'handover-audit': gitlabJob })

/** Files under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

interface StepRun {
  code: number | null
  output: string
}

function bash(script: string, env: NodeJS.ProcessEnv, cwd: string): Promise<StepRun> {
  return new Promise((resolve) => {
    // GitHub runs `run:` with `bash -e {0}` (plus pipefail); GitLab runs a job's lines in one shell.
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('close', (code) => resolve({ code, output }))
  })
}

/** `${{ matrix.x }}`, `${{ secrets.X }}` and `${{ env.X }}` as the runner expands them in a job's `env`. */
function expand(text: string, contexts: Record<string, Record<string, string>>): string {
  return text.replace(
    /\$\{\{\s*(matrix|secrets|env)\.([A-Za-z0-9_]+)\s*\}\}/g,
    (_m, ctx: string, key: string) => {
      const value = contexts[ctx]?.[key]
      if (value === undefined)
        throw new Error(`the workflow reads ${ctx}.${key}, which the test does not provide`)
      return value
    },
  )
}

interface GithubJob {
  strategy: { matrix: { include: Record<string, string>[] } }
  env: Record<string, string>
  environment: string
  steps: { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, string> }[]
}

describe('handover ci init --install', () => {
  it('is required while Handover is unpublished: the name handover on the registry is not ours to install', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'handover-ci-noinstall-'))
    try {
      const bare = await cli(['ci', 'init', repo, '--provider', 'github'])
      expect(bare.code).toBe(2)
      expect(bare.stderr).toMatch(/--install is required: this build of Handover .* is not published/)
      expect(readdirSync(repo)).toEqual([])
    } finally {
      rmSync(repo, { recursive: true, force: true })
    }
  })
})

describe('handover ci init, run step by step against the demo lab', () => {
  let t: TestLab
  let repo: string
  let npmPrefix: string
  /** The CI's secret store: each keychain name's environment variable and the lab's value for it. */
  let secrets: Record<string, string>
  let secretValues: string[]
  let baseEnv: NodeJS.ProcessEnv
  const outputs: string[] = []

  beforeAll(async () => {
    repo = mkdtempSync(path.join(tmpdir(), 'handover-ci-repo-'))
    npmPrefix = mkdtempSync(path.join(tmpdir(), 'handover-ci-npm-'))
    t = await startTestLab('fixed', path.join(repo, 'clients', 'acme'))
    // A second client of the consultancy: the matrix must hold one job per engagement folder.
    cpSync(
      path.join(repo, 'clients', 'acme', 'handover.json'),
      path.join(repo, 'clients', 'beta', 'handover.json'),
    )
    cpSync(path.join(repo, 'clients', 'acme', 'lab-ca.pem'), path.join(repo, 'clients', 'beta', 'lab-ca.pem'))
    secrets = Object.fromEntries(
      Object.entries(t.lab.credentials()).map(([name, v]) => [envNameFor(name), v]),
    )
    secretValues = Object.values(t.lab.credentials())
    // As on a CI runner: no D-Bus session, so no OS keychain; npm installs globally into a folder of our own.
    const { DBUS_SESSION_BUS_ADDRESS: _bus, ...rest } = process.env
    baseEnv = {
      ...rest,
      NO_COLOR: '1',
      CI: 'true',
      npm_config_prefix: npmPrefix,
      npm_config_update_notifier: 'false',
      PATH: `${path.join(npmPrefix, 'bin')}:${process.env.PATH ?? ''}`,
    }
  })
  afterAll(async () => {
    await t?.stop()
    rmSync(repo, { recursive: true, force: true })
    rmSync(npmPrefix, { recursive: true, force: true })
  })

  it('writes a GitHub workflow that GitHub’s parser accepts, one matrix job per engagement, no secret in it', async () => {
    const written = await cli(['ci', 'init', repo, '--provider', 'github', '--install', REPO_ROOT])
    expect(written.code, written.stderr).toBe(0)
    expect(written.stdout).toContain(
      'secret HANDOVER_ACME_ALICE in environment handover-acme  ← keychain:acme-alice',
    )
    expect(written.stderr).toMatch(/clients\/acme has no accepted baseline/)
    const file = path.join(repo, '.github', 'workflows', 'handover.yml')
    const text = readFileSync(file, 'utf8')
    expect(githubWorkflowErrors(file)).toEqual([])
    // The parser is no rubber stamp: one misspelt key in a copy is an error.
    const broken = path.join(repo, 'broken.yml')
    writeFileSync(broken, text.replace('runs-on:', 'run-on:'))
    expect(githubWorkflowErrors(broken).join('\n')).toMatch(/run-on/)
    rmSync(broken)
    const job = (parseYaml(text) as { jobs: { audit: GithubJob } }).jobs.audit
    expect(job.strategy.matrix.include.map((m) => m.dir)).toEqual(['clients/acme', 'clients/beta'])
    expect(job.steps.filter((s) => s.uses).map((s) => s.uses)).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'github/codeql-action/upload-sarif@v3',
      'actions/upload-artifact@v4',
    ])
    for (const value of secretValues) expect(text).not.toContain(value)
    // Written once; a second init without --force changes nothing.
    const again = await cli(['ci', 'init', repo, '--provider', 'github', '--install', REPO_ROOT])
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/handover\.yml already exists; pass --force to replace it/)
  })

  it('writes a GitLab pipeline of documented keywords only, with the same matrix', async () => {
    const written = await cli(['ci', 'init', repo, '--provider', 'gitlab', '--install', REPO_ROOT])
    expect(written.code, written.stderr).toBe(0)
    const text = readFileSync(path.join(repo, '.gitlab-ci.yml'), 'utf8')
    const pipeline = gitlabPipeline.parse(parseYaml(text))
    expect(pipeline['handover-audit'].parallel.matrix.map((m) => m.HANDOVER_DIR)).toEqual([
      'clients/acme',
      'clients/beta',
    ])
    for (const value of secretValues) expect(text).not.toContain(value)
  })

  /** Runs the GitHub job's `run:` steps for one matrix entry, in order, stopping at the first that fails. */
  async function runGithubJob(slug: string): Promise<{ failedAt?: string; code: number | null }> {
    const text = readFileSync(path.join(repo, '.github', 'workflows', 'handover.yml'), 'utf8')
    const job = (parseYaml(text) as { jobs: { audit: GithubJob } }).jobs.audit
    const matrix = job.strategy.matrix.include.find((m) => m.slug === slug)!
    const jobEnv: Record<string, string> = {}
    for (const [k, v] of Object.entries(job.env)) jobEnv[k] = expand(v, { matrix, secrets, env: jobEnv })
    // The runner image has Google Chrome where the workflow points; this machine has Debian's chromium (a passive
    // browser check, authz.session-cookies, runs under the gate's consent and needs a real browser).
    expect(jobEnv.HANDOVER_CHROMIUM).toBe('/usr/bin/google-chrome')
    jobEnv.HANDOVER_CHROMIUM = process.env.HANDOVER_CHROMIUM ?? '/usr/bin/chromium'
    for (const step of job.steps) {
      if (!step.run) continue
      const run = await bash(step.run, { ...baseEnv, ...jobEnv }, repo)
      outputs.push(run.output)
      if (run.code !== 0) return { failedAt: step.name, code: run.code }
    }
    return { code: 0 }
  }

  it(
    'exits zero on the accepted baseline, non-zero on a planted regression, zero again once fixed',
    { timeout: 300_000 },
    async () => {
      const acme = path.join(repo, 'clients', 'acme')
      // The consultant's last sprint step: audit the repaired portal as the gate does and accept it as the baseline.
      const first = await runGithubJob('acme')
      expect(first.failedAt).toBe('Fail on a regression against the baseline') // no baseline committed yet
      const accepted = await cli(['baseline', acme])
      expect(accepted.code, accepted.stderr).toBe(0)
      expect((await runGithubJob('acme')).code).toBe(0)

      t.lab.setMode('flawed')
      const broken = await runGithubJob('acme')
      expect(broken.failedAt).toBe('Fail on a regression against the baseline')
      expect(broken.code).toBe(1)
      expect(outputs.at(-1)).toMatch(/regressed/)
      const sarif = JSON.parse(
        readFileSync(path.join(repo, 'handover-out', 'acme', 'handover.sarif'), 'utf8'),
      ) as {
        runs: { results: { ruleId: string }[] }[]
      }
      expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain('tls.cert-valid')

      t.lab.setMode('fixed')
      expect((await runGithubJob('acme')).code).toBe(0)
    },
  )

  it('runs the GitLab job in one shell with the same verdicts', { timeout: 180_000 }, async () => {
    const text = readFileSync(path.join(repo, '.gitlab-ci.yml'), 'utf8')
    const job = gitlabPipeline.parse(parseYaml(text))['handover-audit']
    const matrix = job.parallel.matrix.find((m) => m.HANDOVER_SLUG === 'acme')!
    const script = [...job.before_script, ...job.script].join('\n')
    const env = { ...baseEnv, ...job.variables, ...matrix, ...secrets }
    t.lab.setMode('flawed')
    const broken = await bash(script, env, repo)
    outputs.push(broken.output)
    expect(broken.code).toBe(1)
    t.lab.setMode('fixed')
    const fixed = await bash(script, env, repo)
    outputs.push(fixed.output)
    expect(fixed.code, fixed.output).toBe(0)
  })

  it('never writes a credential into a file, a log line or an output', () => {
    expect(outputs.length).toBeGreaterThan(4)
    const files = filesUnder(repo).filter((f) => !f.endsWith('.pem'))
    expect(files.some((f) => f.includes(`${path.sep}runs${path.sep}`))).toBe(true)
    for (const value of secretValues) {
      for (const out of outputs) expect(out).not.toContain(value)
      for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toContain(value)
    }
  })
})
