// PKCS#12 keystores found by ASN.1 shape: binary .p12 files made here by openssl (GCP's notasecret, a strong
// password, no MAC, SHA-1 and SHA-256 MACs), broken look-alikes that are not keystores, base64-wrapped ones in
// text, and one committed then removed in a real git repository's history.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scanRepository } from '../../src/probes/secrets-repo'
import { FindingKey, scanBinarySecrets, scanSecrets } from '../../src/secrets'
import { readPkcs12 } from '../../src/secrets/pkcs12'
import { haveTools } from '../helpers/tools'

const { key } = FindingKey.generate()

describe.skipIf(!haveTools('PKCS#12 keystores made by OpenSSL', 'openssl', 'git'))(
  'PKCS#12 keystores',
  () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'handover-p12-'))
    const file = (name: string): string => path.join(dir, name)
    const openssl = (...args: string[]): void => {
      execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' })
    }
    const p12 = (name: string, ...extra: string[]): Buffer => {
      openssl('pkcs12', '-export', '-in', 'cert.pem', '-inkey', 'key.pem', '-out', name, ...extra)
      return readFileSync(file(name))
    }
    let gcp: Buffer
    let strong: Buffer
    let noMac: Buffer
    let sha1: Buffer

    beforeAll(() => {
      openssl(
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
        '-subj',
        '/CN=svc',
        '-days',
        '2',
      )
      gcp = p12('gcp.p12', '-password', 'pass:notasecret')
      strong = p12('strong.p12', '-password', `pass:${Math.random().toString(36).slice(2)}Zq!`)
      noMac = p12('nomac.p12', '-password', 'pass:whatever-long', '-nomac')
      sha1 = p12('sha1.p12', '-password', 'pass:notasecret', '-macalg', 'sha1')
    }, 60_000)
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    it('reads a GCP-style keystore (SHA-256 and SHA-1 MACs) as opening with notasecret', () => {
      for (const bytes of [gcp, sha1]) {
        const [f, ...more] = scanSecrets(bytes, { key })
        expect(more).toEqual([])
        expect(f).toMatchObject({
          rule: 'pkcs12.keystore',
          provider: 'Google Cloud',
          exposure: 'secret',
          line: 1,
        })
        expect(f!.note).toMatch(/notasecret/)
      }
      expect(readPkcs12(sha1)?.mac).toMatchObject({ kind: 'opened', digest: 'sha1' })
      expect(readPkcs12(gcp)?.mac).toMatchObject({ kind: 'opened', digest: 'sha256' })
    })

    it('reports a keystore with an unknown password, or none, as a PKCS#12 private key, not as GCP', () => {
      const [a] = scanBinarySecrets(strong, { key })
      expect(a).toMatchObject({ rule: 'pkcs12.keystore', provider: 'PKCS#12' })
      expect(a!.note).toMatch(/not a known default/)
      expect(readPkcs12(noMac)?.mac.kind).toBe('none')
      expect(scanBinarySecrets(noMac, { key })[0]?.note).toMatch(/no MAC/)
    })

    it('redacts: the finding holds no run of the file, only a masked form and a keyed hash', () => {
      const [f] = scanSecrets(gcp, { key })
      const json = JSON.stringify(f)
      expect(json).not.toContain(gcp.toString('base64').slice(8, 40))
      expect(f!.hash).toBe(key.hash(gcp.toString('base64')))
      expect(f!.length).toBe(gcp.length)
    })

    it('is not fooled by the shape alone: truncated, padded, bit-flipped, random and DER that is not a PFX', () => {
      const cert = execFileSync('openssl', ['x509', '-in', 'cert.pem', '-outform', 'DER'], { cwd: dir })
      const flipped = Buffer.from(gcp)
      flipped[2] = flipped[2]! ^ 0x40 // the outer length no longer fits the file
      const cases = [
        gcp.subarray(0, 200),
        gcp.subarray(0, gcp.length - 1),
        Buffer.concat([gcp, Buffer.from([0])]),
        flipped,
        Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 131 + 7) & 0xff)),
        cert,
        Buffer.alloc(0),
      ]
      for (const bytes of cases) {
        expect(readPkcs12(bytes)).toBeUndefined()
        expect(scanBinarySecrets(bytes, { key })).toEqual([])
      }
    })

    it('finds a keystore base64-wrapped in text (one line, and wrapped at 64 in a JSON string)', () => {
      const b64 = gcp.toString('base64')
      const yaml = `apiVersion: v1\nkind: ConfigMap\ndata:\n  keystore.p12: ${b64}\n`
      const [f] = scanSecrets(yaml, { key })
      expect(f).toMatchObject({ rule: 'pkcs12.keystore', provider: 'Google Cloud', line: 4 })
      // The same keystore, whichever way it was written, is the same value.
      expect(f!.hash).toBe(scanBinarySecrets(gcp, { key })[0]!.hash)
      const json = `{"cert": "${b64.replace(/(.{64})/g, '$1\\n')}"}`
      expect(scanSecrets(json, { key }).map((x) => x.rule)).toEqual(['pkcs12.keystore'])
      // Not a keystore: a public key's base64 and a cut-off keystore.
      expect(scanSecrets(`k: ${b64.slice(0, 400)}`, { key })).toEqual([])
    })

    it('finds a keystore committed and later removed, in the history of a real repository', async () => {
      const repo = file('repo')
      const git = (...args: string[]): void => {
        execFileSync('git', ['-C', repo, ...args], {
          stdio: 'ignore',
          env: {
            ...process.env,
            GIT_AUTHOR_NAME: 'Dev',
            GIT_AUTHOR_EMAIL: 'dev@acme.test',
            GIT_COMMITTER_NAME: 'Dev',
            GIT_COMMITTER_EMAIL: 'dev@acme.test',
          },
        })
      }
      execFileSync('git', ['init', '-q', repo])
      writeFileSync(path.join(repo, 'README.md'), '# app\n')
      writeFileSync(path.join(repo, 'signing.pfx'), strong)
      writeFileSync(path.join(repo, 'logo.bin'), Buffer.from([0, 1, 2, 3, 0x30, 0x82, 0, 0]))
      git('add', '.')
      git('commit', '-q', '-m', 'add signing cert')
      git('rm', '-q', 'signing.pfx')
      git('commit', '-q', '-m', 'remove cert')
      const scanned = await scanRepository(repo, { key })
      expect(scanned.ok).toBe(true)
      if (!scanned.ok) return
      expect(scanned.value.findings).toHaveLength(1)
      expect(scanned.value.findings[0]).toMatchObject({
        rule: 'pkcs12.keystore',
        treePaths: [],
        first: { path: 'signing.pfx', author: 'Dev <dev@acme.test>' },
      })
    })
  },
)
