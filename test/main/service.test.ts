// The engine service behind both transports: throttled progress, capped evidence, credential names without values,
// validation at field paths, attestations with evidence files kept inside the workspace.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { MemoryCredentials } from '../../src/keychain/keychain'
import type { AuditProgress } from '../../main/contract'
import { ProgressThrottle } from '../../main/service/progress'
import { credentialRefs, viewableObservation, WizardService } from '../../main/service/service'
import { documentInfo } from '../../main/service/pdf-info'

describe('progress events', () => {
  it('coalesces a burst of probe events into few events that carry only the changed probes', async () => {
    vi.useFakeTimers()
    const sent: AuditProgress[] = []
    const t = new ProgressThrottle('r1', (p) => sent.push(p), 100)
    t.plan(
      Array.from({ length: 300 }, (_, i) => ({ kind: 'k', key: `k:${i}`, subject: `s${i}`, params: {} })),
      3,
    )
    expect(sent).toHaveLength(1)
    expect(sent[0]!.changed).toHaveLength(300)
    for (let i = 0; i < 300; i++) {
      t.take({ type: 'probe-started', key: `k:${i}`, kind: 'k', subject: `s${i}` })
      t.take({
        type: 'probe-finished',
        key: `k:${i}`,
        kind: 'k',
        subject: `s${i}`,
        ok: i % 7 !== 0,
        durationMs: 3,
        done: i + 1,
        total: 300,
        ...(i % 7 === 0 ? { code: 'TIMEOUT' } : {}),
      })
    }
    await vi.advanceTimersByTimeAsync(100)
    expect(sent).toHaveLength(2)
    expect(sent[1]!.changed).toHaveLength(300)
    expect(sent[1]!.changed.filter((p) => p.state === 'error')).toHaveLength(43)
    t.take({ type: 'evaluated', results: 10 })
    t.finish()
    expect(sent.at(-1)).toMatchObject({ phase: 'finished', done: 300, total: 300, changed: [] })
    vi.useRealTimers()
  })
})

describe('evidence for the viewer', () => {
  it('cuts long strings and transcripts and says how much was cut', () => {
    const obs = viewableObservation({
      key: 'http.page:x',
      kind: 'http.page',
      subject: 'x',
      startedAt: '',
      durationMs: 1,
      data: { exchanges: [{ body: 'a'.repeat(200_000) }] },
      transcript: Array.from({ length: 1000 }, () => ({
        at: '',
        kind: 'dns' as const,
        target: 't',
        detail: 'd',
      })),
    })
    const body = (obs.data as { exchanges: { body: string }[] }).exchanges[0]!.body
    expect(body.length).toBeLessThan(70_000)
    expect(body).toMatch(/first 64 KB of 195 KB shown/)
    expect(obs.transcript).toHaveLength(400)
  })
})

describe('credentials in the engagement', () => {
  it('lists every keychain reference with the field that uses it, never a value', () => {
    expect(
      credentialRefs({
        accounts: [{ id: 'a', password: 'keychain:acme-alice' }],
        monitoring: { alertWebhook: 'keychain:slack' },
        name: 'keychain: not a reference',
      }),
    ).toEqual([
      { name: 'acme-alice', usedBy: 'accounts[0].password' },
      { name: 'slack', usedBy: 'monitoring.alertWebhook' },
    ])
  })
})

describe('the service', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'handover-service-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const service = new WizardService({
    host: 'web',
    credentials: new MemoryCredentials({ 'acme-alice': 'hunter2-value' }),
    stateDir: path.join(dir, 'state'),
    emit: () => undefined,
  })
  const ws = path.join(dir, 'ws')
  const draft = {
    schema: 'handover.engagement/1',
    name: 'Acme',
    domains: { apex: 'acme.test' },
    accounts: [{ id: 'alice', role: 'client', username: 'a@acme.test', password: 'keychain:acme-alice' }],
    scope: { allow: ['acme.test', '*.acme.test'] },
  }

  it('reports engagement problems at their field paths, as the CLI validates', async () => {
    type Issues = { ok: true; value: { path: (string | number)[] }[] }
    const issues = (await service.dispatch('engagement:validate', [
      { ...draft, domains: { apex: 'not a domain' }, scope: { allow: [] } },
    ])) as Issues
    expect(issues.value.map((i) => i.path.join('.'))).toEqual(['domains.apex', 'scope.allow'])
    const outside = (await service.dispatch('engagement:validate', [
      { ...draft, scope: { allow: ['other.test'] } },
    ])) as Issues
    expect(outside.value[0]!.path).toEqual(['scope', 'allow'])
  })

  it('creates an engagement, refuses to create it twice, and shows credentials as set or not set only', async () => {
    const created = await service.dispatch('engagement:save', [{ dir: ws, draft, create: true }])
    expect(created).toMatchObject({ ok: true, value: { name: 'Acme', runs: [] } })
    const again = await service.dispatch('engagement:save', [{ dir: ws, draft, create: true }])
    expect(again).toMatchObject({ ok: false, error: { code: 'WORKSPACE_EXISTS' } })
    const creds = await service.dispatch('creds:list', [])
    expect(creds).toEqual({
      ok: true,
      value: {
        keychain: 'demo lab (in memory)',
        available: true,
        rows: [{ name: 'acme-alice', usedBy: ['accounts[0].password'], state: 'set' }],
      },
    })
    expect(JSON.stringify(creds)).not.toContain('hunter2-value')
  })

  it('records an attestation with its evidence file inside the workspace, whatever name it was given', async () => {
    const saved = await service.dispatch('attest:save', [
      {
        check: 'handover.rollback',
        status: 'pass',
        note: 'Documented in RUNBOOK.md',
        evidence: { name: '../../../etc/passwd', base64: Buffer.from('runbook').toString('base64') },
      },
    ])
    expect(saved.ok).toBe(true)
    const file = saved.ok ? (saved.value as { evidence: { file: string } }).evidence.file : ''
    expect(file).toMatch(/^evidence\/[0-9a-f]{12}-passwd$/)
    expect(readFileSync(path.join(ws, file), 'utf8')).toBe('runbook')
    const refused = await service.dispatch('attest:save', [
      { check: 'tls.cert-valid', status: 'pass', note: '' },
    ])
    expect(refused).toMatchObject({ ok: false, error: { code: 'CHECK_NOT_MANUAL' } })
    const noNote = await service.dispatch('attest:save', [
      { check: 'handover.access', status: 'fail', note: ' ' },
    ])
    expect(noNote).toMatchObject({ ok: false, error: { code: 'NOTE_REQUIRED' } })
  })

  it('remembers opened workspaces, most recent first', async () => {
    expect(await service.dispatch('workspace:recent', [])).toEqual({ ok: true, value: [ws] })
  })
})

describe('what a signed pack says about itself', () => {
  it('reads the document information dictionary, literal and UTF-16 hex strings alike', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'handover-pdfinfo-'))
    const file = path.join(dir, 'x.pdf')
    const utf16 = Buffer.concat([
      Buffer.from([0xfe, 0xff]),
      Buffer.from('Launch-ready: no — 3 blockers', 'utf16le').swap16(),
    ]).toString('hex')
    writeFileSync(
      file,
      `%PDF-1.7\n1 0 obj\n<< /Title (Handover pack \\(Acme\\)) /Author 2 0 R /Subject <${utf16}> /CreationDate (D:20261201120000Z) >>\nendobj\n2 0 obj\n(Sam Doe)\nendobj\ntrailer\n<< /Info 1 0 R >>\n%%EOF\n`,
    )
    expect(documentInfo(readFileSync(file))).toEqual({
      title: 'Handover pack (Acme)',
      author: 'Sam Doe',
      subject: 'Launch-ready: no — 3 blockers',
      created: '2026-12-01 12:00',
    })
    expect(documentInfo(Buffer.from('%PDF-1.7\n%%EOF'))).toEqual({})
    rmSync(dir, { recursive: true, force: true })
  })
})
