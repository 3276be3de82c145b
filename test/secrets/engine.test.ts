// The engine's behaviour beyond single rules: escapes, base64, placeholders, public values, redaction.
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { FindingKey, RULES, scanSecrets } from '../../src/secrets'
import { base64Variants, takesEscapedCharacters, unescapeJs } from '../../src/secrets/engine'
import { KEYWORD_FILTER_WASM } from '../../src/secrets/keyword-filter-wasm'
import { KeywordIndex } from '../../src/secrets/keywords'
import { isPlaceholder } from '../../src/secrets/placeholder'
import { maskValue } from '../../src/secrets/redaction'

const { key } = FindingKey.generate()
const secretsIn = (text: string): string[] =>
  scanSecrets(text, { key })
    .filter((f) => f.exposure === 'secret')
    .map((f) => f.rule)
const token = (n: number): string => randomBytes(n).toString('base64url').replace(/[-_]/g, 'a').slice(0, n)
const pkcs8 = (): string =>
  generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
    format: 'pem',
    type: 'pkcs8',
  }) as string

describe('the secret engine', () => {
  it('finds an AWS access key id on its own, which secretlint misses by default', () => {
    expect(
      secretsIn(`const id = "AKIA${'Q'.repeat(0)}${'ABCDEFGHIJKLMNOP'.split('').reverse().join('')}"`),
    ).toEqual(['aws.access-key-id'])
  })

  it('does not flag the placeholders secretlint flags', () => {
    expect(secretsIn('SLACK_TOKEN=xoxb-your-token-here')).toEqual([])
    expect(secretsIn(`GITHUB_TOKEN=ghp_${'X'.repeat(36)}`)).toEqual([])
    expect(secretsIn('API_KEY=<your-key>')).toEqual([])
    expect(secretsIn('DB_PASSWORD=${DB_PASSWORD}')).toEqual([])
    expect(secretsIn(`AWS_ACCESS_KEY_ID=AKIAIOSFODNN7${'EXAMPLE'}`)).toEqual([])
  })

  it('finds a PEM key inside a JS string with \\r\\n escapes, which secretlint misses', () => {
    const escaped = JSON.stringify(pkcs8().replace(/\n/g, '\r\n'))
    expect(secretsIn(`var k=${escaped};`)).toEqual(['private-key.pem'])
  })

  it('gives one key the same hash whether written plainly, with \\n escapes or with \\r\\n escapes', () => {
    const pem = pkcs8()
    const forms = [pem, JSON.stringify(pem), JSON.stringify(pem.replace(/\n/g, '\r\n'))]
    const hashes = forms.map((f) => scanSecrets(f, { key })[0]?.hash)
    expect(new Set(hashes).size).toBe(1)
    expect(hashes[0]).toMatch(/^[0-9a-f]{32}$/)
  })

  it('finds a token behind JSON escapes such as \\/ and \\u005f', () => {
    const body = token(36)
    const f = scanSecrets(
      `{"url":"https:\\/\\/hooks.slack.com\\/services\\/T0ABCDEF1\\/B0ABCDEF12\\/${token(24)}","t":"ghp\\u005f${body}"}`,
      {
        key,
      },
    )
    expect(f.map((x) => [x.rule, x.encoding])).toEqual(expect.arrayContaining([['slack.webhook', 'escaped']]))
  })

  it('finds a key wrapped in base64, and says so', () => {
    const inner = `STRIPE_KEY=sk_live_${token(24)}`
    const f = scanSecrets(`config: ${Buffer.from(inner).toString('base64')}\n`, { key })
    expect(f.map((x) => [x.rule, x.encoding])).toEqual([['stripe.secret-key', 'base64']])
  })

  it('reports public-by-design values as public, not as secrets', () => {
    const firebase = `const firebaseConfig = { apiKey: "AIza${token(35)}", authDomain: "acme.firebaseapp.com", projectId: "acme" }`
    const stripe = `Stripe("pk_live_${token(24)}")`
    const sentry = `dsn: "https://${'ab12'.repeat(8)}@o1.ingest.sentry.io/42"`
    for (const text of [firebase, stripe, sentry]) {
      const found = scanSecrets(text, { key })
      expect(found.length, text).toBe(1)
      expect(found[0]!.exposure, text).toBe('public')
    }
  })

  it('tells a Supabase service-role key from the anon key by its claims', () => {
    const jwt = (role: string): string =>
      [
        Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url'),
        Buffer.from(JSON.stringify({ iss: 'supabase', ref: 'acme', role })).toString('base64url'),
        token(43),
      ].join('.')
    expect(scanSecrets(`key: "${jwt('service_role')}"`, { key }).map((f) => [f.rule, f.exposure])).toEqual([
      ['supabase.service-role-key', 'secret'],
    ])
    expect(scanSecrets(`key: "${jwt('anon')}"`, { key }).map((f) => [f.rule, f.exposure])).toEqual([
      ['supabase.anon-key', 'public'],
    ])
  })

  it('keeps the specific rule when a generic one matches the same value', () => {
    expect(secretsIn(`STRIPE_SECRET_KEY="sk_live_${token(30)}"`)).toEqual(['stripe.secret-key'])
  })

  it('never puts the value into a finding: only a mask and a keyed hash', () => {
    const value = `sk_live_${token(30)}`
    const f = scanSecrets(`k=${value}`, { key })[0]!
    const text = JSON.stringify(f)
    expect(text).not.toContain(value)
    expect(text).not.toContain(value.slice(8, 20))
    expect(f.masked).toMatch(/^sk_live_.{1,4}….{1,2} \(38 chars\)$/)
    expect(f.hash).not.toBe(FindingKey.generate().key.hash(value))
    expect(JSON.stringify({ key })).not.toContain(key.hash(''))
  })

  it('reports the line and column of each finding', () => {
    const f = scanSecrets(`a\nb\n  ghp_${token(36)}\n`, { key })
    expect(f.map((x) => [x.line, x.column])).toEqual([[3, 3]])
  })

  it('reads bytes as well as strings, with the same hashes', () => {
    const text = `é token: glpat-${token(20)}`
    const a = scanSecrets(text, { key })
    const b = scanSecrets(Buffer.from(text, 'utf8'), { key })
    expect(b.map((f) => f.hash)).toEqual(a.map((f) => f.hash))
  })
})

describe('engine parts', () => {
  it('finds overlapping keywords case-insensitively in one pass', () => {
    const index = new KeywordIndex(['he', 'she', 'hers', 'his'])
    const hits: [string, number][] = []
    index.scan(Buffer.from('uSHErs his'), (k, at) => hits.push([index.keywords[k]!, at]))
    expect(hits).toEqual([
      ['she', 1],
      ['he', 2],
      ['hers', 2],
      ['his', 7],
    ])
  })

  it("finds every keyword occurrence, as a naive search does, across the filter's 1 MiB chunk seams too", () => {
    const keywords = ['q~', 'pat', 'sk-ant-', 'ghp_', 'x', 'patch', 'c2vjcmv0']
    const index = new KeywordIndex(keywords)
    const naive = (text: string): string[] => {
      const lower = text.toLowerCase()
      const out: string[] = []
      for (const k of keywords)
        for (let at = lower.indexOf(k); at !== -1; at = lower.indexOf(k, at + 1)) out.push(`${k}@${at}`)
      return out
    }
    const found = (text: string): string[] => {
      const hits: string[] = []
      index.scanText(text, (k, at) => hits.push(`${keywords[k]}@${at}`))
      const bytes: string[] = []
      index.scan(Buffer.from(text, 'latin1'), (k, at) => bytes.push(`${keywords[k]}@${at}`))
      expect(bytes).toEqual(hits)
      return hits
    }
    const seam = 1 << 20
    const filler = 'abcdefghij'.repeat(seam / 10 + 1).slice(0, seam)
    for (const shift of [-5, -4, -3, -2, -1, 0, 1]) {
      const text = `${filler.slice(0, seam + shift)}PATCH q~ SK-ANT-${filler.slice(0, seam)}Ghp_x q~`
      expect(found(text).sort()).toEqual(naive(text).sort())
    }
    expect(found('q~')).toEqual(['q~@0'])
    expect(found('')).toEqual([])
  })

  it('embeds the keyword filter compiled from its WebAssembly text', async () => {
    const wabt = await (await import('wabt')).default()
    const source = readFileSync(new URL('../../src/secrets/keyword-filter.wat', import.meta.url), 'utf8')
    const module = wabt.parseWat('keyword-filter.wat', source)
    expect(Buffer.from(module.toBinary({}).buffer).toString('base64')).toBe(KEYWORD_FILTER_WASM)
    module.destroy()
  })

  it('decodes JS and JSON escapes', () => {
    expect(unescapeJs('a\\r\\nb\\/c\\u005fd\\x2de\\u{41}')).toBe('a\r\nb/c_d-eA')
  })

  it('retries unescaped only the rules whose pattern can take an escaped character', () => {
    const retries = (id: string): boolean => takesEscapedCharacters(RULES.find((r) => r.id === id)!.regex)
    // Line breaks, slashes, quotes or any character: a JSON-escaped form can hide them.
    for (const id of [
      'private-key.pem',
      'url.basic-auth',
      'generic.assigned-secret',
      'gcp.service-account-key',
    ])
      expect(retries(id), id).toBe(true)
    // Letters, digits, `.`, `_` and `-` only: nothing in them is ever written escaped.
    for (const id of [
      'airtable.token',
      'github.token',
      'stripe.secret-key',
      'aws.access-key-id',
      'jwt.token',
    ])
      expect(retries(id), id).toBe(false)
  })

  it('finds the same secrets in a text and in its bytes (the two scan paths)', () => {
    const text = `const k = "${pkcs8().replace(/\n/g, '\\r\\n')}"\nSTRIPE=sk_live_${token(24)}\nurl = "https:\\/\\/deploy:${token(16)}@api.acme.test"\n`
    const fromText = scanSecrets(text, { key })
    const fromBytes = scanSecrets(Buffer.from(text, 'latin1'), { key })
    expect(fromText.map((f) => f.rule).sort()).toEqual([
      'private-key.pem',
      'stripe.secret-key',
      'url.basic-auth',
    ])
    expect(fromBytes).toEqual(fromText)
  })

  it('derives base64 fragments of a keyword that survive any alignment', () => {
    const fragments = base64Variants('sk_live_')
    for (const pad of ['', 'x', 'xy']) {
      const encoded = Buffer.from(`${pad}sk_live_abc`).toString('base64').toLowerCase()
      expect(
        fragments.some((f) => encoded.includes(f)),
        pad,
      ).toBe(true)
    }
  })

  it('recognises placeholders and documentation examples', () => {
    for (const p of [
      'your-api-key',
      'changeme',
      '${TOKEN}',
      '{{ secret }}',
      '<token>',
      'xxxxxxxx',
      'REPLACE_ME',
    ])
      expect(isPlaceholder(p), p).toBe(true)
    for (const real of ['s3cr3tP4ss', 'mySecret2024', token(32)])
      expect(isPlaceholder(real), real).toBe(false)
  })

  it('masks at most a quarter of a value and keeps a known prefix', () => {
    expect(maskValue('abcdefgh')).toBe('a…h (8 chars)')
    expect(maskValue('short')).toBe('… (5 chars)')
    expect(maskValue(`ghp_${'a'.repeat(36)}`, 'ghp_')).toBe('ghp_aaaa…aa (40 chars)')
  })
})
