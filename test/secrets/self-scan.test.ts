// The repository holds no secret-shaped value: sample secrets are assembled at run time (GitHub push
// protection and our own scanner must both stay quiet on every tracked and about-to-be-tracked file).
import { execFileSync } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FindingKey, scanSecrets } from '../../src/secrets'
import { isEnvFileName } from '../../src/secrets/env-files'
import { haveTools } from '../helpers/tools'

const root = path.resolve(import.meta.dirname, '..', '..')

/** Files that must hold token-shaped text to test redaction; none of it is a credential of anything. */
const ALLOWED = new Set(['test/unit/redact.test.ts'])
/** The secrets stage's own files, which must not even hold heuristic (JWT, password-shaped) literals. */
const OURS =
  /^(?:src\/secrets\/|src\/probes\/(?:secrets|frontend)|src\/checks\/secrets|src\/lab\/secrets|test\/secrets\/|bench\/(?:secrets|history))/

function projectFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
  return out.split('\0').filter((f) => f && !f.endsWith('package-lock.json'))
}

function scannedFiles(): string[] {
  return projectFiles().filter((f) => !ALLOWED.has(f))
}

describe.skipIf(!haveTools('repository self-scan', 'git'))('the repository itself', () => {
  it('contains no secret our engine would report', () => {
    const { key } = FindingKey.generate()
    const found: string[] = []
    for (const file of scannedFiles()) {
      const abs = path.join(root, file)
      let size = 0
      try {
        size = statSync(abs).size
      } catch {
        continue
      }
      if (size > 4_000_000) continue
      // Provider-format tokens anywhere (what push protection blocks); heuristic shapes in our own files.
      for (const f of scanSecrets(readFileSync(abs), { key }))
        if (f.exposure === 'secret' && (f.confidence === 'format' || OURS.test(file)))
          found.push(`${file}:${f.line} ${f.rule} ${f.masked}`)
    }
    expect(found).toEqual([])
  })

  it('tracks no env, PEM, key or PKCS#12 file', () => {
    const risky = projectFiles().filter((f) => isEnvFileName(f) || /\.(pem|key|p12|pfx)$/i.test(f))
    expect(risky).toEqual([])
  })
})
