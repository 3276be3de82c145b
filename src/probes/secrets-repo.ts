// secrets.repo's probe: the working tree and the whole git history of `sources.repo`, each unique blob read
// once through a single `git cat-file --batch` process; the first commit, path and author of every value.
import { spawn, execFile } from 'node:child_process'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { z } from 'zod'
import { failure, ok } from '../core/result'
import type { Engagement } from '../engagement/load'
import { scanBinarySecrets, scanSecrets, type FindingKey, type SecretFinding } from '../secrets'
import { isEnvFileName, parseEnvFile } from '../secrets/env-files'
import { request, type ProbeKind, type ProbeRequest, type ProbeResult } from './probe'
import { secretFindingSchema } from './secrets-common'
import { findingKey } from './secrets-key'
import { SOURCE } from './codes'

const run = promisify(execFile)

/** Blobs larger than this are counted, not scanned (minified vendor files, fixtures, media). */
export const MAX_BLOB_BYTES = 4 * 1024 * 1024

const occurrence = z.strictObject({
  commit: z.string(),
  path: z.string(),
  author: z.string(),
  date: z.string(),
})

/** One value found in the repository: where it is now (if anywhere) and where it first appeared. */
export const repoFindingSchema = secretFindingSchema.extend({
  /** Tracked paths that hold it in the working tree now; empty when it lives only in history. */
  treePaths: z.array(z.string()),
  first: occurrence.optional(),
})

/** Data of a `secrets.repo` observation. */
export const repoScanSchema = z.strictObject({
  /** Id of the key that made the hashes (FindingKey.id). */
  keyId: z.string(),
  repo: z.string(),
  head: z.string().optional(),
  commits: z.number().int().nonnegative(),
  tree: z.strictObject({ files: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() }),
  history: z.strictObject({
    blobs: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    skippedLarge: z.number().int().nonnegative(),
    skippedBinary: z.number().int().nonnegative(),
    ms: z.number().int().nonnegative(),
  }),
  findings: z.array(repoFindingSchema),
  /** Tracked env-style files (.env, prod.env…): their variable counts, never their values. */
  envFiles: z.array(
    z.strictObject({ path: z.string(), variables: z.number().int(), filled: z.number().int() }),
  ),
  truncated: z.string().optional(),
})

/** One secret found in the repository history, redacted. */
export type RepoFinding = z.output<typeof repoFindingSchema>
/** What the repository history scan found (`secrets.repo`). */
export type RepoScanFacts = z.output<typeof repoScanSchema>

interface FirstSeen {
  order: number
  commit: string
  path: string
  author: string
  date: string
}

/** Options of a repository scan. */
export interface RepoScanOptions {
  key: FindingKey
  /** Stop reading blobs at this time (ms since epoch) and report what was scanned. */
  deadline?: number
}

/** Scans a repository's working tree and history; expected failures (no git, not a repo) are coded. */
export async function scanRepository(
  repo: string,
  options: RepoScanOptions,
): Promise<ProbeResult<RepoScanFacts>> {
  const git = async (args: string[]): Promise<ProbeResult<string>> => {
    try {
      const { stdout } = await run('git', ['-C', repo, ...args], { maxBuffer: 1 << 30, encoding: 'utf8' })
      return ok(stdout)
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { stderr?: string }
      if (e.code === 'ENOENT')
        return failure(SOURCE.GIT_MISSING, 'git is not installed, so the repository cannot be read.')
      return failure(
        SOURCE.GIT_FAILED,
        `git ${args[0]} failed in ${repo}: ${(e.stderr ?? e.message).trim().split('\n')[0]}`,
      )
    }
  }
  try {
    if (!(await stat(repo)).isDirectory()) return failure(SOURCE.REPO_NOT_FOUND, `${repo} is not a folder.`)
  } catch {
    return failure(SOURCE.REPO_NOT_FOUND, `${repo} does not exist (sources.repo in handover.json).`)
  }
  const inside = await git(['rev-parse', '--is-inside-work-tree'])
  // A bare repository (a mirror) has history but no working tree.
  const bare = !inside.ok && (await git(['rev-parse', '--is-bare-repository'])).ok
  if (!inside.ok && !bare)
    return inside.error.code === SOURCE.GIT_MISSING
      ? inside
      : failure(SOURCE.NOT_A_REPOSITORY, `${repo} is not a git repository (sources.repo in handover.json).`)
  const head = await git(['rev-parse', '--verify', '-q', 'HEAD'])
  const facts: RepoScanFacts = {
    keyId: options.key.id,
    repo,
    commits: 0,
    tree: { files: 0, bytes: 0 },
    history: { blobs: 0, bytes: 0, skippedLarge: 0, skippedBinary: 0, ms: 0 },
    findings: [],
    envFiles: [],
  }
  if (head.ok && head.value.trim()) facts.head = head.value.trim()

  // History: the first commit (oldest first) that introduced each blob, with its path and author.
  const started = performance.now()
  const firstSeen = new Map<string, FirstSeen>()
  if (facts.head) {
    const log = await git([
      'log',
      '--all',
      '--reverse',
      '--date-order',
      '--diff-merges=first-parent',
      '--no-renames',
      '--raw',
      '--no-abbrev',
      '--format=%x01%H%x09%aI%x09%an <%ae>',
    ])
    if (!log.ok) return log
    let current = { commit: '', date: '', author: '' }
    let order = 0
    for (const line of log.value.split('\n')) {
      if (line.startsWith('\x01')) {
        const [commit = '', date = '', author = ''] = line.slice(1).split('\t')
        current = { commit, date, author }
        facts.commits++
        continue
      }
      if (!line.startsWith(':')) continue
      const tab = line.indexOf('\t')
      const fields = line.slice(1, tab).split(' ')
      const blob = fields[3] ?? ''
      const status = fields[4] ?? ''
      if (status.startsWith('D') || /^0+$/.test(blob) || fields[1] === '160000') continue
      if (!firstSeen.has(blob))
        firstSeen.set(blob, { order: order++, ...current, path: unquote(line.slice(tab + 1)) })
    }
  }

  // The working tree: tracked files; unmodified ones are their index blob, modified ones are read from disk.
  const listed = bare ? { ok: true as const, value: '' } : await git(['ls-files', '-s', '-z'])
  if (!listed.ok) return listed
  const modified = bare ? { ok: true as const, value: '' } : await git(['ls-files', '-m', '-z'])
  const changed = new Set(modified.ok ? modified.value.split('\0').filter(Boolean) : [])
  const treeBlobs = new Map<string, string[]>()
  const diskFiles: string[] = []
  for (const entry of listed.value.split('\0')) {
    const m = /^(\d+) ([0-9a-f]{40,64}) \d\t(.+)$/s.exec(entry)
    if (!m || m[1] === '160000') continue
    const file = m[3]!
    facts.tree.files++
    if (changed.has(file)) diskFiles.push(file)
    else treeBlobs.set(m[2]!, [...(treeBlobs.get(m[2]!) ?? []), file])
    if (isEnvFileName(file)) {
      try {
        const vars = parseEnvFile(await readFile(path.join(repo, file), 'utf8'))
        facts.envFiles.push({
          path: file,
          variables: vars.length,
          filled: vars.filter((v) => v.value.trim()).length,
        })
      } catch {
        facts.envFiles.push({ path: file, variables: 0, filled: 0 })
      }
    }
  }

  const byValue = new Map<string, { finding: SecretFinding; treePaths: Set<string>; first?: FirstSeen }>()
  const record = (f: SecretFinding, where: { tree?: string; first?: FirstSeen }): void => {
    const id = `${f.rule}:${f.hash}`
    let entry = byValue.get(id)
    if (!entry) byValue.set(id, (entry = { finding: f, treePaths: new Set() }))
    if (where.tree) entry.treePaths.add(where.tree)
    if (where.first && (!entry.first || where.first.order < entry.first.order)) {
      entry.first = where.first
      if (!where.tree) entry.finding = f
    }
  }

  // Every unique blob once, through one cat-file process.
  const wanted = new Set([...firstSeen.keys(), ...treeBlobs.keys()])
  const batch = await readBlobs(repo, [...wanted], options.deadline, (blob, bytes) => {
    facts.history.blobs++
    facts.history.bytes += bytes.length
    facts.tree.bytes += bytes.length * (treeBlobs.get(blob)?.length ?? 0)
    const binary = isBinary(bytes)
    if (binary) facts.history.skippedBinary++
    const found = binary
      ? scanBinarySecrets(bytes, { key: options.key })
      : scanSecrets(bytes, { key: options.key })
    if (found.length === 0) return
    const first = firstSeen.get(blob)
    const tree = treeBlobs.get(blob) ?? []
    for (const f of found) {
      record(f, { ...(first ? { first } : {}) })
      for (const file of tree) record(f, { tree: file })
    }
  })
  if (!batch.ok) return batch
  facts.history.skippedLarge = batch.value.skippedLarge
  if (batch.value.truncated) facts.truncated = batch.value.truncated
  for (const file of diskFiles) {
    try {
      const bytes = await readFile(path.join(repo, file))
      facts.tree.bytes += bytes.length
      if (bytes.length > MAX_BLOB_BYTES) continue
      const found = isBinary(bytes)
        ? scanBinarySecrets(bytes, { key: options.key })
        : scanSecrets(bytes, { key: options.key })
      for (const f of found) record(f, { tree: file })
    } catch {
      // deleted since it was listed
    }
  }
  facts.history.ms = Math.round(performance.now() - started)
  facts.findings = [...byValue.values()].map(({ finding, treePaths, first }) => ({
    ...finding,
    treePaths: [...treePaths].sort(),
    ...(first
      ? { first: { commit: first.commit, path: first.path, author: first.author, date: first.date } }
      : {}),
  }))
  return ok(facts)
}

/**
 * Streams blobs out of `git cat-file --batch`: one process for the whole history, `--buffer` so git writes
 * without waiting for us per object; blobs over MAX_BLOB_BYTES are skipped as they pass.
 */
export function readBlobs(
  repo: string,
  ids: readonly string[],
  deadline: number | undefined,
  onBlob: (id: string, bytes: Buffer) => void,
): Promise<ProbeResult<{ skippedLarge: number; truncated?: string }>> {
  return new Promise((resolve) => {
    if (ids.length === 0) return resolve(ok({ skippedLarge: 0 }))
    const child = spawn('git', ['-C', repo, 'cat-file', '--batch', '--buffer'], {
      stdio: ['pipe', 'pipe', 'ignore'],
    })
    let skippedLarge = 0
    let truncated: string | undefined
    let pending: Buffer[] = []
    let pendingBytes = 0
    // Parser state: waiting for a header, or collecting `need` bytes of a blob (plus its newline).
    let current: { id: string; size: number; skip: boolean } | undefined
    let settled = false
    const timer =
      deadline !== undefined
        ? setTimeout(
            () => {
              truncated = 'the probe ran out of time before every blob was read'
              child.kill()
            },
            Math.max(1, deadline - Date.now()),
          )
        : undefined
    const finish = (result: ProbeResult<{ skippedLarge: number; truncated?: string }>): void => {
      if (settled) return
      settled = true
      if (timer) clearTimeout(timer)
      resolve(result)
    }
    const take = (n: number): Buffer => {
      const whole = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes)
      const out = whole.subarray(0, n)
      const rest = whole.subarray(n)
      pending = rest.length > 0 ? [rest] : []
      pendingBytes = rest.length
      return out
    }
    const drain = (): void => {
      for (;;) {
        if (!current) {
          const joined = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes)
          pending = joined.length > 0 ? [joined] : []
          const nl = joined.indexOf(10)
          if (nl < 0) return
          const header = joined.subarray(0, nl).toString('latin1')
          take(nl + 1)
          const [id = '', type = '', size = '0'] = header.split(' ')
          if (type === 'missing' || size === undefined) continue
          const bytes = Number(size)
          current = { id, size: bytes, skip: type !== 'blob' || bytes > MAX_BLOB_BYTES }
          if (current.skip && type === 'blob') skippedLarge++
        }
        if (pendingBytes < current.size + 1) return
        const blob = take(current.size)
        take(1)
        if (!current.skip) onBlob(current.id, blob)
        current = undefined
      }
    }
    child.stdout.on('data', (chunk: Buffer) => {
      pending.push(chunk)
      pendingBytes += chunk.length
      try {
        drain()
      } catch (err) {
        child.kill()
        finish(failure(SOURCE.SCAN_FAILED, err instanceof Error ? err.message : String(err)))
      }
    })
    child.on('error', (err: NodeJS.ErrnoException) =>
      finish(
        err.code === 'ENOENT'
          ? failure(SOURCE.GIT_MISSING, 'git is not installed, so the repository cannot be read.')
          : failure(SOURCE.GIT_FAILED, `git cat-file failed: ${err.message}`),
      ),
    )
    child.on('close', () => finish(ok({ skippedLarge, ...(truncated ? { truncated } : {}) })))
    child.stdin.on('error', () => undefined)
    child.stdin.end(`${ids.join('\n')}\n`)
  })
}

function isBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8000)
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true
  return false
}

/** git's C-style quoting of unusual paths (`"a\tb"`). */
function unquote(file: string): string {
  if (!file.startsWith('"')) return file
  return Buffer.from(
    file
      .slice(1, -1)
      .replace(/\\([0-7]{3})|\\(.)/g, (_m, oct: string, ch: string) =>
        oct ? String.fromCharCode(parseInt(oct, 8)) : ({ n: '\n', t: '\t', '"': '"', '\\': '\\' }[ch] ?? ch),
      ),
    'latin1',
  ).toString('utf8')
}

/** The repository to scan. */
export interface RepoScanParams {
  repo: string
}

/** The repository probe: `sources.repo`, relative to the workspace. */
export const secretsRepo: ProbeKind<RepoScanParams, RepoScanFacts> = {
  kind: 'secrets.repo',
  subject: ({ repo }) => repo,
  async run({ repo }, ctx): Promise<ProbeResult<RepoScanFacts>> {
    const key = await findingKey(ctx.credentials, ctx.engagement)
    if (!key.ok) return key
    const scanned = await scanRepository(path.resolve(ctx.workspace, repo), {
      key: key.value,
      deadline: ctx.deadline - 500,
    })
    return scanned.ok ? ok({ ...scanned.value, repo }) : scanned
  },
}

/** The repository scan request, when the engagement names a repository. */
export const repoScanOf = (engagement: Engagement): ProbeRequest | undefined => {
  const repo = engagement.sources?.repo
  return repo ? request(secretsRepo.kind, repo, { repo }) : undefined
}
