// The curated exposed-file list proves each path by content: the real thing passes its proof, an app shell, a 404
// page or a look-alike does not; the probe asks source maps only for same-host scripts, skips the declared OpenAPI
// document, and opens at most network.concurrency connections to the lab however many paths it asks.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAudit } from '../../src/engine/runner'
import { MemoryCredentials } from '../../src/keychain/keychain'
import type { ExposedFilesFacts } from '../../src/probes/surface-files'
import { exposedFilesTargets } from '../../src/probes/surface-files'
import { Workspace } from '../../src/store/workspace'
import { EXPOSED_PATHS, prove, sourceMapPath, type ProofName } from '../../src/surface/files'
import { parseEngagement } from '../../src/engagement/load'
import { startTestLab, type TestLab } from '../helpers/lab'

const APP_SHELL =
  '<!doctype html><html><head><title>Acme portal</title></head><body><div id="root"></div><script src="/assets/app.js"></script></body></html>'

/** For each proof: bodies that are the real thing, and bodies that only look close. */
const SAMPLES: Record<ProofName, { real: string[]; not: string[] }> = {
  dotenv: {
    real: ['NODE_ENV=production\nDATABASE_URL=postgres://u:p@db/x\n', 'export API_KEY=abc\nexport DEBUG=1\n'],
    not: ['ONE=1\n', '<!doctype html><p>KEY=value</p>\nOTHER=2', 'key=value\nother=2\n'],
  },
  gitHead: {
    real: ['ref: refs/heads/main\n', '8f3c1f0a6b2d4e5f6a7b8c9d0e1f2a3b4c5d6e7f\n'],
    not: ['<html>ref: refs/heads/main</html>', 'ref: main\n'],
  },
  gitConfig: {
    real: ['[core]\n\trepositoryformatversion = 0\n[remote "origin"]\n\turl = https://github.com/a/b.git\n'],
    not: ['[core]\nname = x\n', '<pre>[core] repositoryformatversion</pre>'],
  },
  sqlDump: {
    real: ['-- MySQL dump 10.13\n--\nCREATE TABLE `users` (id int);\n', 'CREATE TABLE invoices (id int);\n'],
    not: ['<html><body>CREATE TABLE users</body></html>', 'SELECT 1;\n'],
  },
  archive: {
    real: ['PK\u0003\u0004\u0014\u0000rest', '\u001f\ufffd\u0008\u0000rest'],
    not: ['PK zip', APP_SHELL],
  },
  phpSource: { real: ['<?php\n$db_password = "x";\n'], not: ['<p>&lt;?php</p>', 'php'] },
  vimSwap: { real: ['b0VIM 9.0\u0000\u0000'], not: ['vim'] },
  dsStore: { real: ['\u0000\u0000\u0000\u0001Bud1\u0000\u0000'], not: ['Bud1 at the start'] },
  sourceMap: {
    real: ['{"version":3,"file":"app.js","sources":["a.ts"],"sourcesContent":["x"],"mappings":"AAAA"}'],
    not: ['{"version":2,"mappings":"A"}', '{"name":"app"}', APP_SHELL],
  },
  listing: {
    real: [
      '<html><head><title>Index of /uploads/</title></head>',
      '<title>Directory listing for /files/</title>',
    ],
    not: ['<title>Uploads</title>', APP_SHELL],
  },
  prometheus: {
    real: ['# HELP up Up.\n# TYPE up gauge\nup 1\n'],
    not: ['# TYPE\n', '<pre># TYPE up gauge</pre>'],
  },
  actuator: {
    real: ['{"_links":{"self":{"href":"http://x/actuator"}}}', '{"activeProfiles":[],"propertySources":[]}'],
    not: ['{"_links":{}}', '{"status":"UP"}'],
  },
  expvar: { real: ['{"cmdline":["/srv/api"],"memstats":{"Alloc":1}}'], not: ['{"cmdline":[]}'] },
  pprof: { real: ['<html>/debug/pprof/<br>Types of profiles available:'], not: ['pprof'] },
  serverStatus: { real: ['<h1>Apache Server Status for acme.test</h1>'], not: ['<h1>Status</h1>'] },
  phpinfo: {
    real: ['<title>phpinfo()</title><h1>PHP Version 8.2.1</h1>'],
    not: ['<p>phpinfo() is disabled</p>'],
  },
  debugConsole: {
    real: ['<title>Console // Werkzeug Debugger</title><h1>Interactive Console</h1>', 'Symfony Profiler'],
    not: ['<title>Console</title>', APP_SHELL],
  },
  apiDocs: {
    real: ['{"openapi":"3.0.3","info":{},"paths":{"/a":{}}}', '<div id="swagger-ui"></div>'],
    not: ['{"openapi":"yes"}', '{"paths":{}}', APP_SHELL],
  },
}

describe('the proofs of the exposed-file list', () => {
  it.each(Object.entries(SAMPLES))('%s accepts the real thing and refuses look-alikes', (name, s) => {
    for (const body of s.real) expect(prove({ proof: name as ProofName }, body), body).toBeDefined()
    for (const body of s.not) expect(prove({ proof: name as ProofName }, body), body).toBeUndefined()
  })

  it('refuses an app shell, an empty body and a 404 page on every curated path', () => {
    const bodies = [APP_SHELL, '', '<html><title>404 Not Found</title></html>', '{"error":"not found"}']
    for (const spec of [...EXPOSED_PATHS, sourceMapPath('/assets/app.js')])
      for (const body of bodies) expect(prove(spec, body), `${spec.path} on ${body}`).toBeUndefined()
  })

  it('never puts a value in its words: an env proof names variables only', () => {
    // Made at test time: a literal here would be a secret in the repository (test/secrets/self-scan.test.ts).
    const value = randomBytes(12).toString('hex')
    const words = prove({ proof: 'dotenv' }, `SESSION_SECRET=${value}\nDATABASE_URL=postgres://u:pw@h/db\n`)!
    expect(words).toBe('variables SESSION_SECRET, DATABASE_URL')
    expect(words).not.toContain(value)
  })

  it('skips a served OpenAPI document the engagement declares, and reads a local one as no skip', async () => {
    const base = {
      schema: 'handover.engagement/1',
      name: 'x',
      scope: { allow: ['acme.test', '*.acme.test'] },
    }
    const parse = (openapi: string) =>
      parseEngagement(
        JSON.stringify({ ...base, api: { base: 'https://api.acme.test/', openapi } }),
        '/tmp/handover.json',
      )
    const served = await parse('https://api.acme.test/docs/openapi.json')
    const local = await parse('openapi.json')
    if (!served.ok || !local.ok) throw new Error('engagement')
    expect(exposedFilesTargets(served.value)).toEqual([
      { origin: 'https://api.acme.test', home: 'https://api.acme.test/', skip: ['/docs/openapi.json'] },
    ])
    expect(exposedFilesTargets(local.value)[0]!.skip).toEqual([])
  })
})

describe('the exposed-files probe on the demo lab', () => {
  let t: TestLab
  let facts: ExposedFilesFacts[]
  let opened: number
  beforeAll(async () => {
    t = await startTestLab('fixed')
    const before = t.lab.connections('app.acme.test')
    const ws = await Workspace.open(t.lab.workspace)
    if (!ws.ok) throw new Error(ws.error.message)
    const run = await runAudit({
      workspace: ws.value,
      credentials: new MemoryCredentials(t.lab.credentials()),
      selection: { checks: ['surface.exposed-files'] },
    })
    opened = t.lab.connections('app.acme.test') - before
    facts = Object.values(run.observations)
      .filter((o) => o.kind === 'http.exposed-files')
      .map((o) => o.data as ExposedFilesFacts)
  }, 120_000)
  afterAll(() => t.stop())

  it('asks the whole list over at most network.concurrency connections per origin', () => {
    const app = facts.find((f) => f.origin === 'https://app.acme.test')!
    expect(app.trials.length).toBeGreaterThan(40)
    expect(app.trials.filter((x) => x.error)).toEqual([])
    expect(opened).toBeGreaterThan(0)
    expect(opened).toBeLessThanOrEqual(8)
  })

  it('recognises the catch-all page of the fixed portal and proves nothing on it', () => {
    const app = facts.find((f) => f.origin === 'https://app.acme.test')!
    expect(app.absent?.status).toBe(200)
    const env = app.trials.find((x) => x.path === '/.env')!
    expect(env.exchange?.status).toBe(200)
    expect(env.catchAll).toBe(true)
    expect(app.trials.filter((x) => x.proof)).toEqual([])
  })

  it('asks the map of the same-host script the home page loads, and not the declared OpenAPI document', () => {
    const app = facts.find((f) => f.origin === 'https://app.acme.test')!
    expect(app.scripts).toEqual(['/assets/app.js'])
    expect(app.trials.some((x) => x.path === '/assets/app.js.map' && x.kind === 'source-map')).toBe(true)
    const api = facts.find((f) => f.origin === 'https://api.acme.test')!
    expect(api.trials.some((x) => x.path === '/openapi.json')).toBe(false)
  })

  it('stores no body: the evidence is the status, the headers and the words of the proof', () => {
    for (const f of facts) for (const x of f.trials) expect(x.exchange?.body).toBeUndefined()
  })
})
