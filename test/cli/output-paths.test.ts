// Issue 7 item 15: output paths are checked before anything runs, and the CLI's exports are written atomically.
import { linkSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runMain } from '../helpers/cli'
import { hashTree, OFFLINE_CHECKS, offlineWorkspace } from '../store/support'

describe('output paths', () => {
  const dir = offlineWorkspace('handover-outputs-')
  const out = path.join(dir, 'out')
  let runId: string
  beforeAll(async () => {
    mkdirSync(out)
    const done = await runMain(['audit', dir, ...OFFLINE_CHECKS, '--quiet', '--fail-on', 'none'])
    expect(done.code).toBe(0)
    runId = readdirSync(path.join(dir, 'runs'))[0]!.slice(0, -5)
    expect((await runMain(['baseline', dir, runId, '--partial'])).code).toBe(0)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('Bug: `report --out X --md X` replaces the signed PDF with Markdown and still says "Signed handover pack: X"', async () => {
    const x = path.join(out, 'pack.pdf')
    const before = hashTree(dir)
    const same = await runMain(['report', dir, '--out', x, '--md', x])
    expect(same.code).toBe(2)
    expect(same.stdout).toBe('')
    expect(same.stderr).toBe(
      `handover: report: --md ${x} is the same file as --out ${x}; give each output its own path.\n`,
    )
    // The same file under another name (a symlink to the folder) is the same file too.
    symlinkSync(out, path.join(dir, 'alias'))
    const aliased = await runMain(['report', dir, '--out', x, '--json', path.join(dir, 'alias', 'pack.pdf')])
    expect(aliased.code).toBe(2)
    expect(aliased.stderr).toContain('is the same file as --out')
    rmSync(path.join(dir, 'alias'))
    expect(hashTree(dir)).toEqual(before)
  })

  it('refuses an output that would overwrite handover.json, a stored run or another workspace file', async () => {
    const before = hashTree(dir)
    const cases: [string[], string][] = [
      [['audit', dir, ...OFFLINE_CHECKS, '--json', path.join(dir, 'handover.json')], 'handover.json'],
      [
        ['audit', dir, ...OFFLINE_CHECKS, '--sarif', path.join(dir, 'runs', `${runId}.json`)],
        `runs/${runId}.json`,
      ],
      [['report', dir, '--out', path.join(dir, 'baseline')], 'baseline'],
      [
        ['report', dir, '--out', path.join(out, 'p.pdf'), '--json', path.join(dir, 'attestations.json')],
        'attestations.json',
      ],
      [
        ['diff', dir, '--from', runId, '--to', runId, '--json', path.join(dir, 'deliverables.json')],
        'deliverables.json',
      ],
      [['audit', dir, ...OFFLINE_CHECKS, '--junit', path.join(dir, 'evidence', 'x.xml')], 'evidence/x.xml'],
    ]
    for (const [args, file] of cases) {
      const done = await runMain(args)
      expect(done.code, args.join(' ')).toBe(2)
      expect(done.stderr).toMatch(
        new RegExp(`would overwrite the workspace's ${file.replace('.', '\\.')}; write exports elsewhere`),
      )
      expect(done.stderr.trim().split('\n')).toHaveLength(1)
    }
    // Nothing ran: no new run stored, no file changed.
    expect(hashTree(dir)).toEqual(before)
  })

  it('refuses an export path that cannot be written before probing, not after a whole audit', async () => {
    const before = hashTree(dir)
    writeFileSync(path.join(out, 'a-file'), 'x')
    const cases: [string, string][] = [
      [path.join(out, 'missing', 'r.json'), `is in ${path.join(out, 'missing')}, which does not exist`],
      [
        path.join(out, 'a-file', 'r.json'),
        `is in ${path.join(out, 'a-file')}, which is a file, not a folder`,
      ],
      [out, 'is a folder'],
    ]
    for (const [file, why] of cases) {
      const done = await runMain(['audit', dir, ...OFFLINE_CHECKS, '--json', file])
      expect(done.code).toBe(2)
      expect(done.stderr).toBe(`handover: audit: --json ${file} cannot be written: it ${why}.\n`)
      expect(done.stdout).toBe('')
    }
    rmSync(path.join(out, 'a-file'))
    expect(hashTree(dir)).toEqual(before)
  })

  it('writes the exports atomically: a new file replaces the old one by rename, never in place', async () => {
    const json = path.join(out, 'run.json')
    const diffJson = path.join(out, 'diff.json')
    for (const f of [json, diffJson]) writeFileSync(f, 'previous\n')
    // A hard link to the old file keeps the old bytes when the export is renamed over it; a write in place
    // (truncate and write) would change both.
    linkSync(json, path.join(out, 'run.old'))
    linkSync(diffJson, path.join(out, 'diff.old'))
    const done = await runMain([
      'audit',
      dir,
      ...OFFLINE_CHECKS,
      '--quiet',
      '--fail-on',
      'none',
      '--json',
      json,
    ])
    expect(done.code).toBe(0)
    const d = await runMain(['diff', dir, '--json', diffJson])
    expect(d.code).toBe(0)
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ schema: 'handover.run/1' })
    expect(JSON.parse(readFileSync(diffJson, 'utf8'))).toMatchObject({ schema: 'handover.diff/1' })
    expect(readFileSync(path.join(out, 'run.old'), 'utf8')).toBe('previous\n')
    expect(readFileSync(path.join(out, 'diff.old'), 'utf8')).toBe('previous\n')
    expect(
      readdirSync(out).filter((n) => n.endsWith('.tmp') || n.startsWith('.handover-write-test')),
    ).toEqual([])
  })
})
