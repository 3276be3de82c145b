// Our secret engine against secretlint (13.0.6, preset-recommend 13.1.0) over the same corpus in one process:
// both finding counts, their overlap (same file and line), recall on planted secrets, and the throughput ratio.
// Goal: at least 10x secretlint's throughput with no lower recall on the planted secrets.
//
//   npx tsx bench/secrets-vs-secretlint.ts [DIR]   (default corpus: this project's node_modules, first 24 MB
//                                                   of text files; BENCH_CORPUS_MB changes the size)
// The peers are installed under bench/.peers (git-ignored) on first run, with npm, outside our dependencies.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { FindingKey, scanSecrets } from '../src/secrets'

const ROOT = path.resolve(import.meta.dirname, '..')
const PEERS = path.join(ROOT, 'bench', '.peers')
const CORE = path.join(PEERS, 'node_modules', '@secretlint', 'core', 'module', 'index.js')
const PRESET = path.join(
  PEERS,
  'node_modules',
  '@secretlint',
  'secretlint-rule-preset-recommend',
  'module',
  'index.js',
)

function ensurePeers(): void {
  if (existsSync(CORE) && existsSync(PRESET)) return
  mkdirSync(PEERS, { recursive: true })
  if (!existsSync(path.join(PEERS, 'package.json')))
    writeFileSync(path.join(PEERS, 'package.json'), '{ "name": "handover-bench-peers", "private": true }\n')
  console.log('Installing secretlint 13.0.6 and preset-recommend 13.1.0 into bench/.peers …')
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      'secretlint@13.0.6',
      '@secretlint/secretlint-rule-preset-recommend@13.1.0',
    ],
    {
      cwd: PEERS,
      stdio: 'inherit',
    },
  )
}

const TEXT = /\.(?:[cm]?js|ts|json|md|ya?ml|txt|env|html|css|map)$/

function corpus(dir: string, limit: number): { file: string; content: string }[] {
  const out: { file: string; content: string }[] = []
  let total = 0
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      if (total >= limit) return
      if (name === '.peers' || name === '.git') continue
      const p = path.join(d, name)
      const st = statSync(p, { throwIfNoEntry: false })
      if (!st) continue
      if (st.isDirectory()) walk(p)
      else if (st.isFile() && TEXT.test(name) && st.size < 1_000_000) {
        const content = readFileSync(p, 'utf8')
        out.push({ file: p, content })
        total += Buffer.byteLength(content)
      }
    }
  }
  walk(dir)
  return out
}

/** Planted secrets, one per line, made now: both tools know these providers (and one form only we handle). */
function planted(): { file: string; content: string; lines: { line: number; what: string }[] } {
  const r = (n: number): string => randomBytes(n).toString('base64url').replace(/[-_]/g, 'x').slice(0, n)
  const pem = (
    generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string
  ).trim()
  const cases: [string, string][] = [
    ['GitHub token', `GITHUB_TOKEN=${['gh', 'p_'].join('')}${r(36)}`],
    ['GitLab token', `token: ${['gl', 'pat-'].join('')}${r(20)}`],
    ['Stripe secret key', `STRIPE_KEY=${['sk', '_live_'].join('')}${r(24)}`],
    ['SendGrid key', `SENDGRID=${['S', 'G.'].join('')}${r(22)}.${r(43)}`],
    [
      'Slack bot token',
      `SLACK=${['xo', 'xb-'].join('')}${String(Date.now()).slice(0, 11)}-${String(Date.now()).slice(0, 13)}-${r(24)}`,
    ],
    ['npm token', `${['np', 'm_'].join('')}${r(36)}`],
    ['OpenAI key', `OPENAI=${['sk', '-proj-'].join('')}${r(74)}${['T3Blbk', 'FJ'].join('')}${r(74)}`],
    ['Anthropic key', `ANTHROPIC=${['sk', '-ant-api03-'].join('')}${r(93)}AA`],
    ['PostgreSQL URL', `DATABASE_URL=postgres://app:${r(16)}@db.internal.example:5432/app`],
    ['PEM private key', pem],
    [
      'PEM key in a JS string with \\r\\n escapes',
      `const k = ${JSON.stringify(`${pem.replace(/\n/g, '\r\n')}\r\n`)}`,
    ],
    [
      'AWS access key id',
      // The 16 characters after the prefix are base32 (A-Z, 2-7), as in every key id AWS issues.
      `aws_access_key_id = ${['AK', 'IA'].join('')}${[...randomBytes(16)].map((b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b & 31]).join('')}`,
    ],
  ]
  const lines: { line: number; what: string }[] = []
  let text = ''
  let line = 1
  for (const [what, value] of cases) {
    lines.push({ line, what })
    text += `${value}\n\n`
    line += value.split('\n').length + 1
  }
  return { file: path.join(ROOT, 'planted-secrets.txt'), content: text, lines }
}

ensurePeers()
const core = (await import(pathToFileURL(CORE).href)) as {
  lintSource(o: unknown): Promise<{ messages: { loc: { start: { line: number } }; ruleId: string }[] }>
}
const preset = (await import(pathToFileURL(PRESET).href)) as { creator: unknown }
const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator }] }

const dir = path.resolve(process.argv[2] ?? path.join(ROOT, 'node_modules'))
const mb = Number(process.env.BENCH_CORPUS_MB ?? 24)
const plant = planted()
const files = [...corpus(dir, mb * 1_000_000), plant]
const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.content), 0)
console.log(
  `corpus: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB from ${dir} plus ${plant.lines.length} planted secrets`,
)

const cpu = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

// Both warm up on the first 2 MB first, so neither is measured while its code is still being compiled.
const { key } = FindingKey.generate()
const warm = corpus(dir, 2_000_000)
for (const f of warm) scanSecrets(f.content, { key })
for (const f of warm)
  await core.lintSource({
    source: { filePath: f.file, content: f.content, contentType: 'text' },
    options: { config, maskSecrets: true },
  })

// Two rounds, the tools alternating (ours, secretlint, ours, secretlint), so neither always runs on the heap the
// other left behind; each tool's figure is its faster round, and both rounds are printed. Findings are those
// of the last round (the rounds scan the same contents).
const oursAt = new Set<string>()
const theirsAt = new Set<string>()
let ours = 0
let theirs = 0
const oursRounds: { wall: number; cpu: number }[] = []
const theirsRounds: { wall: number; cpu: number }[] = []
for (let round = 0; round < 2; round++) {
  oursAt.clear()
  ours = 0
  let c0 = cpu()
  let t0 = performance.now()
  for (const f of files) {
    for (const x of scanSecrets(f.content, { key })) {
      if (x.exposure !== 'secret') continue
      ours++
      oursAt.add(`${f.file}:${x.line}`)
    }
  }
  oursRounds.push({ wall: (performance.now() - t0) / 1000, cpu: cpu() - c0 })

  // secretlint, on the same in-memory contents.
  theirsAt.clear()
  theirs = 0
  c0 = cpu()
  t0 = performance.now()
  for (const f of files) {
    const result = await core.lintSource({
      source: { filePath: f.file, content: f.content, contentType: 'text' },
      options: { config, maskSecrets: true },
    })
    for (const m of result.messages) {
      theirs++
      theirsAt.add(`${f.file}:${m.loc.start.line}`)
    }
  }
  theirsRounds.push({ wall: (performance.now() - t0) / 1000, cpu: cpu() - c0 })
}
const best = (r: { wall: number; cpu: number }[]): { wall: number; cpu: number } =>
  r.reduce((a, b) => (b.cpu < a.cpu ? b : a))
const { wall: oursWall, cpu: oursCpu } = best(oursRounds)
const { wall: theirsWall, cpu: theirsCpu } = best(theirsRounds)
const rounds = (r: { cpu: number }[]): string => r.map((x) => x.cpu.toFixed(2)).join(' / ')

const overlap = [...oursAt].filter((k) => theirsAt.has(k)).length
const recall = (at: Set<string>): string[] =>
  plant.lines.filter((l) => at.has(`${plant.file}:${l.line}`)).map((l) => l.what)
const oursPlanted = recall(oursAt)
const theirsPlanted = recall(theirsAt)
const mbs = (s: number): string => (bytes / 1e6 / s).toFixed(1)
console.log(
  `ours:       ${ours} findings on ${oursAt.size} lines, ${oursWall.toFixed(2)} s wall / ${oursCpu.toFixed(2)} s CPU = ${mbs(oursCpu)} MB per CPU-second`,
)
console.log(
  `secretlint: ${theirs} findings on ${theirsAt.size} lines, ${theirsWall.toFixed(2)} s wall / ${theirsCpu.toFixed(2)} s CPU = ${mbs(theirsCpu)} MB per CPU-second`,
)
console.log(
  `overlap:    ${overlap} lines found by both; ${oursAt.size - overlap} only by us, ${theirsAt.size - overlap} only by secretlint`,
)
console.log(
  `planted:    ours ${oursPlanted.length}/${plant.lines.length}, secretlint ${theirsPlanted.length}/${plant.lines.length}`,
)
const missedByThem = plant.lines.map((l) => l.what).filter((w) => !theirsPlanted.includes(w))
const missedByUs = plant.lines.map((l) => l.what).filter((w) => !oursPlanted.includes(w))
if (missedByThem.length) console.log(`            secretlint misses: ${missedByThem.join('; ')}`)
if (missedByUs.length) console.log(`            we miss: ${missedByUs.join('; ')}`)
console.log(
  `rounds:     CPU seconds per round, ours ${rounds(oursRounds)}, secretlint ${rounds(theirsRounds)}`,
)
console.log(`first round ratio: ${(theirsRounds[0]!.cpu / oursRounds[0]!.cpu).toFixed(1)}x by CPU time`)
console.log(
  `throughput ratio ours/secretlint: ${(theirsCpu / oursCpu).toFixed(1)}x by CPU time (${(theirsWall / oursWall).toFixed(1)}x wall) — goal >= 10x, with recall ${oursPlanted.length >= theirsPlanted.length ? 'not lower' : 'LOWER'}`,
)
