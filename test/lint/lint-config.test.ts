// The lint configuration holds the structure: an import cycle (type-only ones too), an unused export and an
// exported symbol without a doc comment each fail it. Each case is a deliberate example in a scratch project.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Linter } from 'eslint'
import tseslint from 'typescript-eslint'
import { afterEach, describe, expect, it } from 'vitest'
import handover from '../../scripts/lint/doc-comments.js'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const BIN = path.join(ROOT, 'node_modules', '.bin')
const scripts = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts

const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'handover-lint-'))
  made.push(dir)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), text)
  }
  return dir
}

function run(command: string, cwd: string): { status: number | null; output: string } {
  const r = spawnSync('sh', ['-c', command], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${BIN}${path.delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1' },
  })
  return { status: r.status, output: `${r.stdout}${r.stderr}` }
}

describe('the cycle check (npm run lint:cycles)', () => {
  const files = {
    'src/catalogue/catalogue.ts':
      "import { TLS } from './tls'\nexport const ALL = { ...TLS }\nexport interface Text { name: string }\n",
    'src/catalogue/tls.ts':
      "import type { Text } from './catalogue'\nexport const TLS: Record<string, Text> = {}\n",
  }

  it('fails on a cycle whose back edge is a type-only import', () => {
    const r = run(scripts['lint:cycles']!, project(files))
    expect(r.status).not.toBe(0)
    expect(r.output).toMatch(/src\/catalogue\/(tls|catalogue)\.ts -> src\/catalogue\/(catalogue|tls)\.ts/)
  })

  it('passes once the shared type lives in a types.ts of its own', () => {
    const r = run(
      scripts['lint:cycles']!,
      project({
        'src/catalogue/types.ts': 'export interface Text { name: string }\n',
        'src/catalogue/catalogue.ts': "import { TLS } from './tls'\nexport const ALL = { ...TLS }\n",
        'src/catalogue/tls.ts':
          "import type { Text } from './types'\nexport const TLS: Record<string, Text> = {}\n",
      }),
    )
    expect(r.output).toContain('no circular dependency')
    expect(r.status).toBe(0)
  })
})

describe('the dead-code check (npm run lint:dead, knip)', () => {
  it('fails on an export nobody imports and names it', () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'scratch', type: 'module', private: true }),
      'knip.json': JSON.stringify({ entry: ['src/main.ts'], project: ['src/**/*.ts'] }),
      'src/main.ts': "import { used } from './names'\nconsole.log(used())\n",
      'src/names.ts':
        "export function used(): string {\n  return 'a'\n}\nexport function checkName(): string {\n  return 'b'\n}\n",
    })
    const r = run(scripts['lint:dead']!, dir)
    expect(r.status).not.toBe(0)
    expect(r.output).toMatch(/Unused exports \(1\)[\s\S]*checkName/)
    expect(r.output).not.toMatch(/\bused\b.*names\.ts/)
  })
})

describe('the doc-comment rule (handover/require-export-doc)', () => {
  const linter = new Linter({ configType: 'flat' })
  const config = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { handover },
      rules: { 'handover/require-export-doc': 'error' as const },
    },
  ]
  const lint = (code: string) => linter.verify(code, config, 'src/x.ts').map((m) => m.message)

  it('reports an exported class, function, type and constant without one, by name', () => {
    expect(
      lint(
        'export class Network {}\nexport function f(): void {}\nexport type T = string\nexport const A = 1\n',
      ),
    ).toEqual([
      'Exported Network has no doc comment (/** one line: what it is */).',
      'Exported f has no doc comment (/** one line: what it is */).',
      'Exported T has no doc comment (/** one line: what it is */).',
      'Exported A has no doc comment (/** one line: what it is */).',
    ])
  })

  it('accepts a /** */ comment and ignores what is not exported; a // line does not count', () => {
    expect(
      lint('/** The choke point. */\nexport class Network {}\nfunction local(): void {}\nlocal()\n'),
    ).toEqual([])
    expect(lint('// not a doc comment\nexport const A = 1\n')).toHaveLength(1)
  })
})
